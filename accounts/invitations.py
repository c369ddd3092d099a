"""The invitation email: a link to set a password, absolute (SITE_URL), as a text part and
an HTML part like the desk's other emails."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from recovery.text import one_line

from .models import PeopleChange
from .people import invitation_tokens, role_of

INVITATIONS = (PeopleChange.What.INVITED, PeopleChange.What.INVITATION_RESENT)


def link(person) -> str:
    uidb64 = urlsafe_base64_encode(force_bytes(person.pk))
    return settings.SITE_URL + reverse(
        "welcome", args=[uidb64, invitation_tokens.make_token(person)])


def send(change_id) -> bool:
    """Send the invitation recorded as `change_id`, once. Nothing is sent when the row is
    gone, was emailed already (another run got there first), or the person has since set a
    password or been deactivated. The claim is taken before the send: a crash between the
    two loses this email, and the manager sends the invitation again from the person's page.
    """
    with transaction.atomic():
        claimed = PeopleChange.objects.filter(
            pk=change_id, what__in=INVITATIONS, emailed_at__isnull=True,
        ).update(emailed_at=timezone.now())
    if not claimed:
        return False  # gone, or another run claimed it
    change = PeopleChange.objects.select_related("person", "by").get(pk=change_id)
    person = change.person
    if not person.is_active or person.has_usable_password():
        return False
    email_of(change).send()
    return True


def email_of(change) -> EmailMultiAlternatives:
    person = change.person
    inviter = change.by.display_name if change.by else "Recovery Desk"
    subject = one_line(f"{inviter} invites you to Recovery Desk")
    context = {"person": person, "inviter": inviter, "role": role_of(person),
               "link": link(person), "subject": subject, "site_url": settings.SITE_URL,
               "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)}
    email = EmailMultiAlternatives(
        subject, render_to_string("emails/invitation.txt", context).strip() + "\n",
        settings.DEFAULT_FROM_EMAIL, [person.email])
    email.attach_alternative(render_to_string("emails/invitation.html", context), "text/html")
    return email
