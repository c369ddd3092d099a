"""Per-key rate limits for the API: each API key (or signed-in user) has its own budget, so
one noisy integration cannot starve the others. Over the rate: 429 with `Retry-After`.

A fixed-window counter in the cache (Redis when REDIS_URL is set, so every web process shares
it): one small integer per key and window, incremented in place. DRF's own throttle keeps a
list of every request's time and reads and writes it whole on every request — at 1,200 a
minute, a 10 KB pickle twice per call. A fixed window may let a key send up to twice its rate
across a window boundary; for a budget against runaway integrations that is fine.

If Redis is down, requests are let through unthrottled (and it is logged): a rate limit must
not take the API down with the broker.
"""

import logging
import time

from django.core.cache import cache
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiKey

logger = logging.getLogger(__name__)


class PerKeyThrottle(SimpleRateThrottle):
    scope = "api"
    cache_format = "throttle:%(scope)s:%(ident)s"

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        ident = self.get_cache_key(request, view)
        if ident is None:
            return True
        now = time.time()
        window = int(now // self.duration)
        self.window_ends_at = (window + 1) * self.duration
        self.now = now
        try:
            count = self._count(f"{ident}:{window}")
        except Exception:  # redis-py's ConnectionError and kin: the cache is unreachable
            logger.warning("Rate limit cache unavailable; request let through", exc_info=True)
            return True
        return count <= self.num_requests

    def _count(self, key) -> int:
        """This window's requests, this one included. The key outlives its window, so it
        never expires while it is counted (an INCR on an expired key would start afresh
        with no expiry)."""
        try:
            return cache.incr(key)
        except ValueError:  # the window's first request (in this cache)
            if cache.add(key, 1, timeout=2 * self.duration):
                return 1
            return cache.incr(key)

    def wait(self):
        return max(1, round(self.window_ends_at - self.now))

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiKey):
            ident = f"key:{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"ip:{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
