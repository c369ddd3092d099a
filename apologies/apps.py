from django.apps import AppConfig


class ApologiesConfig(AppConfig):
    name = "apologies"

    def ready(self):
        from cases import context_processors, history, panels

        from . import customer_panel, navigation
        from .flow import read_with_the_case
        from .panel import apology_section

        panels.register(apology_section)
        panels.register_reading(read_with_the_case)
        context_processors.register_count("waiting_approvals", navigation.waiting_approvals)
        panels.register_customer_section(customer_panel.remedies_section)
        history.register_fact("received", customer_panel.received_this_year,
                              customer_panel.received_words)
