"""Writing to the customer from the case page, and the acknowledgement's template.
Function views, each doing four things: check access, validate, call the domain (the one
door, `writing.send`), redirect or render; the domain's refusals become messages next to
the field."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from apologies import cautions
from apologies.findings import quoted_words
from apologies.flow import LexiconBlocked
from cases.access import desk_user_required, manager_required
from cases.models import Case
from recovery.errors import RecoveryError

from . import proposal_views, writing
from .forms import AcknowledgementTemplateForm, MessageForm
from .models import AcknowledgementTemplate, Direction, InboundEmail, Message, MessageKind


def _case(reference) -> Case:
    return get_object_or_404(Case.objects.select_related("customer", "assignee"),
                             reference=reference)


def _conversation_url(case) -> str:
    return f"{case.get_absolute_url()}#conversation"


@desk_user_required
def send(request, reference):
    """GET: the form alone; POST: send it. Banned wording comes back with its findings."""
    case = _case(reference)
    form = MessageForm(request.POST or None)
    findings = []
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        try:
            message = writing.send(case, kind, form.cleaned_data["body"], by=request.user,
                                   confirmed=request.POST.getlist("confirm"))
        except cautions.CautionsUnconfirmed as exc:
            findings = exc.findings
            form.add_error("body", exc.message)
        except LexiconBlocked as exc:
            findings = exc.findings
            words = quoted_words(findings)
            form.add_error("body", f"Rewrite before sending: {words} cannot go to the "
                                   "customer.")
        except RecoveryError as exc:
            if exc.field not in form.fields:
                messages.error(request, exc.message)
                return redirect(_conversation_url(case))
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, f"{message.get_kind_display()} sent to "
                                      f"{message.address}.")
            proposed = writing.promises_in(message)
            if proposed:  # the case page asks whether to track each (its top banner)
                proposal_views.remember(request, case, proposed)
                return redirect(case)
            return redirect(_conversation_url(case))
    return render(request, "conversation/compose.html", {
        "case": case, "form": form, "findings": findings,
        "cautions": cautions.cautions(findings)})


@require_POST
@desk_user_required
def acknowledge(request, reference):
    """Send the acknowledgement by hand (the channel skipped it at intake, or it was off)."""
    case = _case(reference)
    try:
        message = writing.send(case, MessageKind.ACKNOWLEDGEMENT, "", by=request.user)
    except RecoveryError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Acknowledgement sent to {message.address}.")
    return redirect(_conversation_url(case))


@require_POST
@desk_user_required
def keep_and_tell(request, reference, pk):
    """Mark a promise kept and tell the customer, in the words the agent chose."""
    case = _case(reference)
    commitment = get_object_or_404(case.commitments, pk=pk)
    body = request.POST.get("body", "")
    try:
        _, message = writing.keep_and_tell(commitment, body, by=request.user,
                                           confirmed=request.POST.getlist("confirm"))
    except cautions.CautionsUnconfirmed as exc:  # asked again, with a box for each
        return render(request, "conversation/keep_confirm.html", {
            "case": case, "commitment": commitment, "body": body, "refusal": exc.message,
            "cautions": exc.findings})
    except LexiconBlocked as exc:
        words = quoted_words(exc.findings)
        messages.error(request, f"Not kept yet: {words} cannot go to the customer. Rewrite "
                                "the message and try again.")
    except RecoveryError as exc:
        messages.error(request, exc.message)
    else:
        told = f"; the customer is told ({message.address})" if message else ""
        messages.success(request, f"Kept: {commitment.description}{told}.")
    return redirect(f"{case.get_absolute_url()}#commitments")


@manager_required
def edit_acknowledgement(request):
    """The first message every customer gets; the lexicon checks it on save."""
    form = AcknowledgementTemplateForm(request.POST or None,
                                       instance=AcknowledgementTemplate.current())
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Acknowledgement template saved.")
        return redirect("conversation:acknowledgement-template")
    return render(request, "conversation/acknowledgement_form.html", {"form": form})


@desk_user_required
def original(request, reference, pk):
    """An email from the customer whole: the text with its quoted history and signature,
    the sanitised HTML's text, and the raw message one more click away."""
    case = _case(reference)
    message = get_object_or_404(case.messages.select_related("inbound"), pk=pk,
                                direction=Direction.IN)
    record = getattr(message, "inbound", None)
    return render(request, "conversation/original.html",
                  {"case": case, "message": message, "record": record})


@desk_user_required
def raw_email(request, reference, pk):
    """The raw email as it arrived, as a download (never rendered: it is the sender's)."""
    case = _case(reference)
    message = get_object_or_404(Message, case=case, pk=pk, direction=Direction.IN)
    record = InboundEmail.objects.filter(recorded_as=message).exclude(raw="").first()
    if record is None:
        raise Http404("The raw email was not kept (too large, or not from email).")
    response = FileResponse(record.raw.open("rb"), as_attachment=True,
                            filename=f"{case.reference}-{message.pk}.eml",
                            content_type="application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response
