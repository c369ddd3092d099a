from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = "Incidents"

    def ready(self):
        from apologies import panel as apology_panel
        from cases import bulk, panels

        from .panel import customer_incidents_section, incident_section
        from .parts import drafts_for
        from .queue_actions import ADD_TO_INCIDENT

        panels.register(incident_section)
        panels.register_customer_section(customer_incidents_section)
        apology_panel.register_default_drafts(drafts_for)
        bulk.register(ADD_TO_INCIDENT)
