from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"

    def ready(self):
        from cases import panels, timeline
        from cases.models import EventKind

        from .panel import suggestions_section
        from .snapshot import on_closed, on_survey_answered

        timeline.listen(EventKind.CLOSED)(on_closed)
        timeline.listen(EventKind.SURVEY_ANSWERED)(on_survey_answered)
        panels.register(suggestions_section)
