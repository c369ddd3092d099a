from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = "Privacy"

    def ready(self):
        from cases import panels

        from .panel import case_witness, customer_section

        panels.register_customer_section(customer_section)
        panels.register(case_witness)
