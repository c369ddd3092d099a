from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "webhooks"

    def ready(self):
        from cases import disclosure, timeline

        from .events import on_event

        # the kinds integrations hear of (an EventKind each: a typo fails here, at start)
        timeline.listen(*disclosure.SHARED_EVENTS)(on_event)
