"""Per-key rate limits for the API: each API key (or signed-in user) has its own budget, so
one noisy integration cannot starve the others. Over the rate: 429 with `Retry-After`.
The counts live in the cache (Redis when REDIS_URL is set, so every web process shares
them). If Redis is down, requests are let through unthrottled (and it is logged): a rate
limit must not take the API down with the broker."""

import logging

from rest_framework.throttling import SimpleRateThrottle

from .models import ApiKey

logger = logging.getLogger(__name__)


class PerKeyThrottle(SimpleRateThrottle):
    scope = "api"

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception:  # redis-py's ConnectionError and kin: the cache is unreachable
            logger.warning("Rate limit cache unavailable; request let through", exc_info=True)
            return True

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiKey):
            ident = f"key:{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"ip:{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
