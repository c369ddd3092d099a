"""The customer's status page, reached by the private link in every email we send them.
Public (no sign-in): the link's random token is the key. It says where the case is in
plain words (`status_page.StatusPage`), and has a box to write back (`replies`).

A link that no longer opens anything (unknown, tampered with, expired, revoked) gets the
plain "link gone" page, on a POST too. Replies are limited per link
(`STATUS_REPLIES_PER_HOUR`, counted in the cache by the token's digest): a forwarded
email or a script cannot flood the desk's inbox; the over-limit one is a 429 and
records nothing.
"""

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import redirect, render

from cases import links
from cases.customer_views import link_gone
from recovery.errors import RecoveryError

from . import attachments, replies, status_page
from .file_fields import FilesField, read, size_help
from .models import Attachment, Direction
from .status_page import StatusPage

WINDOW_SECONDS = 3600


class ReplyForm(forms.Form):
    text = forms.CharField(
        label="Your message", widget=forms.Textarea(attrs={"rows": 5}),
        help_text="A person on our team reads every message.",
        error_messages={"required": replies.EMPTY},
    )
    files = FilesField(label="Photos or documents (optional)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs["maxlength"] = settings.STATUS_REPLY_MAX_CHARS
        self.fields["files"].help_text = (
            f"Up to {settings.ATTACHMENTS_PER_MESSAGE} files. {size_help()}")
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_text(self):
        text = replies.tidy(self.cleaned_data["text"])
        refusal = replies.problem(text)
        if refusal:
            raise forms.ValidationError(refusal)
        return text


def status(request, token):
    try:
        case = links.resolve(token, links.STATUS)
    except links.LinkGone as gone:
        return link_gone(request, gone)
    form = ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if not _one_more_reply(token):
            response = render(request, "customer/too_many_replies.html", status=429)
            response["Retry-After"] = str(WINDOW_SECONDS)
            return response
        try:
            message = replies.customer_reply(case, form.cleaned_data["text"], via="status_page")
        except RecoveryError as error:  # the same rules as the form's: a race with settings
            form.add_error("text", error.message)
        else:
            not_kept = _keep_files(case, message, form.cleaned_data["files"])
            case.refresh_from_db()  # the reply may have reopened it, or moved its dates
            messages.success(request, _thanks(case))
            for refusal in not_kept:
                messages.warning(request, refusal)
            return redirect("status", token)
    return render(request, "customer/status.html", {
        "page": StatusPage.load(case), "form": form, "token": token,
        "files": Attachment.objects.filter(case=case, message__direction=Direction.IN)
                 .only("id", "filename", "size", "created_at")})


def _keep_files(case, message, uploads) -> list[str]:
    """Store the reply's files, after the reply is recorded: the reply is what must not be
    lost, and no transaction waits on the storage. The form checked the limits; what the
    store still refuses (a race, the case's cap) is told to the customer."""
    refusals = []
    for upload in uploads:
        try:
            attachments.store(case, read(upload), upload.name, message=message)
        except RecoveryError as refusal:
            refusals.append(f"We could not keep “{attachments.clean_name(upload.name)}”: "
                            f"{refusal.message}")
    return refusals


def _one_more_reply(token) -> bool:
    """Count this reply against the link's allowance; False once it is used up. The first
    reply opens an hour's window. `add` then `incr` are each atomic in Redis, so two
    replies at once cannot both take the last place."""
    key = f"status-replies:{links.digest(token)}"
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # the window closed between add and incr: a new one
        cache.add(key, 1, timeout=WINDOW_SECONDS)
        count = 1
    return count <= settings.STATUS_REPLIES_PER_HOUR


def _thanks(case) -> str:
    """Who will read the reply and by when (no names: the page shows none)."""
    who = "The person looking after your case" if case.assignee_id else "A person on our team"
    when = status_page.next_contact_words(case)
    answer = f" and write back {when}" if when else " and write back"
    return f"Thank you: we have your message. {who} will read it{answer}."
