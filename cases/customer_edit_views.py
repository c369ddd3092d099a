"""Managers correct a customer's details (`cases.customer_details`)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from recovery.errors import RecoveryError
from recovery.text import single_line

from . import customer_details
from .access import manager_required
from .choices import Tier
from .models import Customer


class CustomerDetailsForm(forms.Form):
    email = forms.EmailField(help_text="Changing it clears “unreachable” on their cases "
                             "(each case's timeline says so); the next email goes here.")
    name = forms.CharField(max_length=200, required=False, validators=[single_line])
    company = forms.CharField(max_length=200, required=False, validators=[single_line])
    tier = forms.ChoiceField(choices=Tier.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Save details"))


@manager_required
def edit_customer(request, pk):
    customer = get_object_or_404(Customer, pk=pk)
    form = CustomerDetailsForm(request.POST if request.method == "POST" else None, initial={
        "email": customer.email, "name": customer.name, "company": customer.company,
        "tier": customer.tier})
    if request.method == "POST" and form.is_valid():
        try:
            customer_details.correct(customer, **form.cleaned_data, by=request.user)
        except RecoveryError as refusal:
            form.add_error(refusal.field if refusal.field in form.fields else None,
                           refusal.message)
        else:
            messages.success(request, "Saved the customer's details.")
            return redirect(customer.get_absolute_url())
    return render(request, "cases/customer_edit.html", {"customer": customer, "form": form})
