from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "People and API keys"

    def ready(self):
        from . import schema  # noqa: F401  registers the OpenAPI description of API keys
