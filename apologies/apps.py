from django.apps import AppConfig


class ApologiesConfig(AppConfig):
    name = "apologies"

    def ready(self):
        from cases import history, panels

        from . import customer_panel
        from .panel import apology_section

        panels.register(apology_section)
        panels.register_customer_section(customer_panel.remedies_section)
        history.register_fact("received", customer_panel.received_this_year,
                              customer_panel.received_words)
