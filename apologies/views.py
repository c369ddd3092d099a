"""The lexicon page: everyone at the desk reads it and tries sentences; managers edit it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from cases.access import desk_user_required

from . import lexicon
from .forms import MessageTemplateForm, PhraseForm, TryTextForm
from .models import MessageTemplate, Phrase


@desk_user_required
def lexicon_page(request):
    trial = TryTextForm(request.GET or None)
    findings = None
    if trial.is_valid():
        findings = lexicon.check(trial.cleaned_data["text"], trial.cleaned_data["step"] or None)
    return render(
        request,
        "apologies/lexicon.html",
        {"phrases": Phrase.objects.all(), "trial": trial, "findings": findings},
    )


@desk_user_required
def edit_phrase(request, pk=None):
    if not request.user.is_manager:
        raise PermissionDenied("Only managers edit the lexicon.")
    phrase = get_object_or_404(Phrase, pk=pk) if pk else None
    form = PhraseForm(request.POST or None, instance=phrase)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"Saved “{saved.pattern}”.")
        return redirect("apologies:lexicon")
    return render(request, "apologies/phrase_form.html", {"form": form, "phrase": phrase})


@desk_user_required
def edit_template(request):
    """The frame of every apology (subject, greeting, sign-off), edited by managers."""
    if not request.user.is_manager:
        raise PermissionDenied("Only managers edit the message template.")
    form = MessageTemplateForm(request.POST or None, instance=MessageTemplate.current())
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Message template saved.")
        return redirect("apologies:template")
    return render(request, "apologies/template_form.html", {"form": form})
