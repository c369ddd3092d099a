"""Managers' API keys page: every key at the desk, issue one (its secret shown once, on the
answer to the POST, never stored or redirected through a cookie), revoke one."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cases.access import manager_required
from recovery.errors import RecoveryError
from recovery.text import single_line

from . import keys
from .models import ApiKey


class IssueKeyForm(forms.Form):
    name = forms.CharField(max_length=50, validators=[single_line],
                           help_text="What uses it, e.g. “Web shop” or “My export script”.")
    kind = forms.ChoiceField(choices=keys.KINDS, widget=forms.RadioSelect, label="The key is")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("kind", keys.INTEGRATION)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Issue key"))


@never_cache
@manager_required
def api_keys(request):
    form = IssueKeyForm(request.POST if request.method == "POST" else None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            key, secret = keys.issue(**form.cleaned_data, by=request.user)
        except RecoveryError as refusal:
            form.add_error(refusal.field if refusal.field in form.fields else None,
                           refusal.message)
        else:
            issued = (key, secret)
            form = IssueKeyForm()
    rows = [(key, keys.kind_of(key), keys.may_revoke(key, request.user))
            for key in ApiKey.objects.select_related("user").order_by("revoked", "-created")]
    return render(request, "people/api_keys.html", {"form": form, "rows": rows,
                                                    "issued": issued})


@require_POST
@manager_required
def revoke_key(request, prefix):
    key = get_object_or_404(ApiKey, prefix=prefix)
    try:
        keys.revoke(key, by=request.user)
    except RecoveryError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"Revoked “{key.name}”: it no longer opens anything.")
    return redirect("people:api-keys")
