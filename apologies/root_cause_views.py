"""Managers' page of root causes (`apologies.root_causes`): the list with a form to add one,
and a page to rename one or make it inactive."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from cases.access import manager_required
from recovery.errors import RecoveryError
from recovery.text import single_line

from . import root_causes
from .models import RootCause


class RootCauseForm(forms.Form):
    name = forms.CharField(max_length=100, validators=[single_line])
    is_active = forms.BooleanField(required=False, initial=True, label="Active",
                                   help_text="Inactive root causes cannot be chosen.")

    def __init__(self, *args, adding=False, **kwargs):
        super().__init__(*args, **kwargs)
        if adding:
            self.fields["slug"] = forms.SlugField(
                max_length=50, required=False, help_text="How the API names it; chosen "
                "once. Empty: made from the name.")
            del self.fields["is_active"]
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Add root cause" if adding else "Save"))


@manager_required
def root_cause_list(request):
    form = RootCauseForm(request.POST if request.method == "POST" else None, adding=True)
    if request.method == "POST" and form.is_valid():
        try:
            added = root_causes.add(**form.cleaned_data)
        except RecoveryError as refusal:
            form.add_error(refusal.field if refusal.field in form.fields else None,
                           refusal.message)
        else:
            messages.success(request, f"Added “{added.name}” ({added.slug}).")
            return redirect("apologies:root-causes")
    return render(request, "apologies/root_causes.html", {
        "form": form, "root_causes": RootCause.objects.order_by("-is_active", "name")})


@manager_required
def edit_root_cause(request, pk):
    root_cause = get_object_or_404(RootCause, pk=pk)
    form = RootCauseForm(request.POST if request.method == "POST" else None, initial={
        "name": root_cause.name, "is_active": root_cause.is_active})
    if request.method == "POST" and form.is_valid():
        root_causes.change(root_cause, **form.cleaned_data)
        messages.success(request, f"Saved “{form.cleaned_data['name']}”.")
        return redirect("apologies:root-causes")
    return render(request, "apologies/root_cause_form.html", {"form": form,
                                                              "root_cause": root_cause})
