"""Making a subscription: at most WEBHOOK_MAX_SUBSCRIPTIONS per API key (or per person
without a key), so one caller cannot multiply the desk's outbound calls without bound."""

from django.conf import settings
from django.db import transaction

from recovery.errors import RecoveryError

from .models import Subscription


class TooManySubscriptions(RecoveryError):
    code = "too_many_subscriptions"


def subscribe(*, url, events, secret=None, api_key=None, owner=None) -> Subscription:
    """A new subscription of `api_key` (or of `owner`, a person signed in without a key).
    The URL was checked by the caller's validation (`destinations.validate_destination`).

    Raises TooManySubscriptions (400) when the key or person has the most allowed."""
    from accounts.models import ApiKey, User

    limit = settings.WEBHOOK_MAX_SUBSCRIPTIONS
    with transaction.atomic():
        # Lock the owner's row, so two requests at once cannot both pass the count.
        if api_key is not None:
            list(ApiKey.objects.select_for_update().filter(pk=api_key.pk).values_list("pk"))
            existing = Subscription.objects.filter(api_key=api_key)
        else:
            list(User.objects.select_for_update().filter(pk=owner.pk).values_list("pk"))
            existing = Subscription.objects.filter(owner=owner, api_key__isnull=True)
        if existing.count() >= limit:
            raise TooManySubscriptions(
                f"An API key (or person) may have at most {limit} webhook subscriptions; "
                "delete one before adding another.", field="non_field_errors")
        extra = {"secret": secret} if secret else {}
        return Subscription.objects.create(url=url, events=events, api_key=api_key,
                                           owner=None if api_key else owner, **extra)
