"""The email a message becomes, made when it is sent: the stored words, the status link
(issued afresh for this email, so no stored copy holds a working token), the reference,
and the headers that keep the customer's mail client on one thread."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.html import escape

from cases import links
from recovery.text import one_line

from .models import MessageKind

# Where a stored text has a private link, it holds one of these; each email fills it.
STATUS_SLOT = "⟦status link⟧"
SURVEY_SLOT = "⟦survey link⟧"
# Automatic messages say so (RFC 3834): the customer's auto-responder does not answer them.
AUTOMATIC = {MessageKind.ACKNOWLEDGEMENT, MessageKind.SURVEY}


def footer_text(message) -> str:
    """The status link and the reference, below a signature line ("-- ", RFC 3676): mail
    clients show it as a signature and leave it out of the customer's reply."""
    if STATUS_SLOT in message.body:
        return ""
    return f"\n\n-- \nFollow your case, and write back to us: {STATUS_SLOT}\n" \
           f"Reference: {message.case.reference}\n"


def html_of(message) -> str:
    if message.html:
        html = message.html
    else:
        html = render_to_string("emails/message.html", {"message": message,
                                                         "case": message.case})
    if STATUS_SLOT in html:
        return html
    footer = render_to_string("emails/_status_footer.html",
                              {"case": message.case, "slot": STATUS_SLOT})
    return html.replace("</body>", footer + "</body>") if "</body>" in html else html + footer


def build(message) -> EmailMultiAlternatives:
    case = message.case
    slots = {STATUS_SLOT: links.issue(case, links.STATUS)}
    if message.kind == MessageKind.SURVEY:
        slots[SURVEY_SLOT] = links.issue(case, links.SURVEY)
    text, html = message.body + footer_text(message), html_of(message)
    for slot, url in slots.items():
        text, html = text.replace(slot, url), html.replace(slot, escape(url))
    headers = {"Message-ID": message.message_id}
    if message.in_reply_to:
        headers["In-Reply-To"] = message.in_reply_to
        headers["References"] = message.references
    if message.kind in AUTOMATIC:
        headers["Auto-Submitted"] = "auto-generated"
    email = EmailMultiAlternatives(
        subject=one_line(message.subject), body=text, from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.address], headers=headers,
    )
    email.attach_alternative(html, "text/html")
    # anymail hands this to the provider, whose tracking events carry it back
    email.metadata = {"message": str(message.pk), "case": case.reference}
    return email
