from django.apps import AppConfig


class ApologiesConfig(AppConfig):
    name = "apologies"

    def ready(self):
        from cases import panels

        from .panel import apology_section

        panels.register(apology_section)
