from django.apps import AppConfig


class ConversationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "conversation"
    verbose_name = "Conversation with the customer"

    def ready(self):
        from cases import panels

        from . import anymail_inbound, tracking  # noqa: F401  (connect anymail's signals)
        from .panel import banners, conversation_section
        from .proposal_views import banner as proposed_commitments

        panels.register(conversation_section)
        panels.register_banner(banners)
        panels.register_banner(proposed_commitments)
