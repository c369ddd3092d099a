"""Managers keep the approval limits by customer tier on a desk page (the admin is
superusers' only)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render

from cases.access import manager_required
from cases.choices import Tier
from recovery.errors import RecoveryError

from . import tier_limits


class TierLimitsForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for tier, label in Tier.choices:
            self.fields[tier] = forms.DecimalField(
                label=f"{label} customers", required=False, max_digits=10, decimal_places=2,
                min_value=0, help_text=f"Empty: the desk's default ({settings.APPROVAL_LIMIT} "
                f"{settings.DESK_CURRENCY}).")
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Save limits"))


@manager_required
def tier_limits_page(request):
    form = TierLimitsForm(request.POST or None, initial=tier_limits.current())
    if request.method == "POST" and form.is_valid():
        try:
            changed = tier_limits.set_limits(form.cleaned_data)
        except RecoveryError as refusal:
            form.add_error(refusal.field if refusal.field in form.fields else None,
                           refusal.message)
        else:
            messages.success(request, f"Saved the limits ({len(changed)} changed).")
            return redirect("apologies:tier-limits")
    return render(request, "apologies/tier_limits.html", {"form": form})
