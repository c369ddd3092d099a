from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"

    def ready(self):
        from django.db.models.signals import post_migrate

        from cases import panels, timeline
        from cases.models import EventKind

        from .embedded_search import ensure
        from .panel import suggestions_section
        from .snapshot import on_closed, on_survey_answered

        timeline.listen(EventKind.CLOSED)(on_closed)
        timeline.listen(EventKind.SURVEY_ANSWERED)(on_survey_answered)
        panels.register(suggestions_section)
        # on SQLite, the search's triggers and index outlive the migrations that remake tables
        post_migrate.connect(ensure, sender=self, dispatch_uid="archive_embedded_search")
