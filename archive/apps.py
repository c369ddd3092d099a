from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"

    def ready(self):
        from cases import panels, timeline

        from .panel import suggestions_section
        from .snapshot import on_event

        timeline.listen(on_event)
        panels.register(suggestions_section)
