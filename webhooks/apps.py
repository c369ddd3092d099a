from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "webhooks"

    def ready(self):
        from cases import timeline

        from .events import on_event

        timeline.listen(on_event)
