"""Files on the case page: an agent attaches one; desk users download any of the case's; the
customer downloads their own from the status page (the link's token is the key). Every
download is `downloads.download`: as a file, never shown inline."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_POST

from cases import links
from cases.access import desk_user_required
from cases.customer_views import link_gone
from cases.models import Case
from recovery.errors import RecoveryError

from . import attachments, downloads
from .file_fields import AttachForm, read
from .models import Attachment, Direction


def _conversation_url(case) -> str:
    return f"{case.get_absolute_url()}#attachments"


@require_POST
@desk_user_required
def attach(request, reference):
    """An agent's file on the case, with no message (a photo from the phone call, a receipt
    the shop sent): for the desk, not shown to the customer."""
    case = get_object_or_404(Case, reference=reference)
    form = AttachForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(_conversation_url(case))
    upload = form.cleaned_data["file"]
    try:
        attachment = attachments.store(case, read(upload), upload.name, by=request.user)
    except RecoveryError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"“{attachment.filename}” attached to the case.")
    return redirect(_conversation_url(case))


@require_GET
@desk_user_required
def download(request, reference, pk):
    return downloads.download(_attachment(reference, pk))


@require_GET
@desk_user_required
def thumbnail(request, reference, pk):
    return downloads.download(_attachment(reference, pk), thumbnail=True)


def _attachment(reference, pk) -> Attachment:
    return get_object_or_404(Attachment.objects.select_related("case"),
                             case__reference=reference, pk=pk)


@require_GET
def customer_download(request, token, pk):
    """The customer's own file (one they sent us), by their status link. The desk's files
    and another case's are a 404, as an unknown one is."""
    try:
        case = links.resolve(token, links.STATUS)
    except links.LinkGone as gone:
        return link_gone(request, gone)
    attachment = get_object_or_404(Attachment, case=case, pk=pk,
                                   message__direction=Direction.IN)
    return downloads.download(attachment)
