from django.apps import AppConfig


class ConversationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "conversation"
    verbose_name = "Conversation with the customer"

    def ready(self):
        from cases import intake, panels, reminders

        from . import anymail_inbound, tracking  # noqa: F401  (connect anymail's signals)
        from .acknowledgement import on_intake
        from .panel import banners, conversation_section
        from .proposal_views import banner as proposed_commitments
        from .surveys import write_survey

        panels.register(conversation_section)
        panels.register_banner(banners)
        panels.register_banner(proposed_commitments)
        # cases never imports the conversation: it calls these hooks
        intake.on_new_case(on_intake)
        reminders.write_surveys_with(write_survey)
