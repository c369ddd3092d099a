"""Managers' page of categories (`cases.categories`): the list, add one, change one."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render

from recovery.errors import RecoveryError
from recovery.text import single_line

from . import categories
from .access import manager_required
from .models import Category


class CategoryForm(forms.Form):
    name = forms.CharField(max_length=100, validators=[single_line])
    description = forms.CharField(required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    customer_wording = forms.CharField(
        required=False, max_length=200, validators=[single_line],
        help_text="What the customer reads as the title of a case of this kind, unless the "
        "agent writes one (e.g. “Your delivery”).")
    is_active = forms.BooleanField(required=False, initial=True, label="Active",
                                   help_text="Inactive categories cannot be chosen for new "
                                   "cases; cases keep theirs.")

    def __init__(self, *args, adding=False, **kwargs):
        super().__init__(*args, **kwargs)
        if adding:
            self.fields["slug"] = forms.SlugField(
                max_length=50, required=False, help_text="How the API and integrations name "
                "it; chosen once. Empty: made from the name.")
            self.order_fields(["name", "slug"])
            del self.fields["is_active"]
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Add category" if adding else "Save category"))


def _refuse(form, refusal):
    form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)


@manager_required
def category_list(request):
    rows = Category.objects.annotate(case_count=Count("cases")).order_by("-is_active", "name")
    return render(request, "cases/categories.html", {"categories": rows})


@manager_required
def add_category(request):
    form = CategoryForm(request.POST if request.method == "POST" else None, adding=True)
    if request.method == "POST" and form.is_valid():
        try:
            added = categories.add(**form.cleaned_data)
        except RecoveryError as refusal:
            _refuse(form, refusal)
        else:
            messages.success(request, f"Added “{added.name}” ({added.slug}).")
            return redirect("categories")
    return render(request, "cases/category_form.html", {"form": form, "category": None})


@manager_required
def edit_category(request, pk):
    category = get_object_or_404(Category, pk=pk)
    form = CategoryForm(request.POST if request.method == "POST" else None, initial={
        "name": category.name, "description": category.description,
        "customer_wording": category.customer_wording, "is_active": category.is_active})
    if request.method == "POST" and form.is_valid():
        categories.change(category, **form.cleaned_data)
        messages.success(request, f"Saved “{form.cleaned_data['name']}”.")
        return redirect("categories")
    return render(request, "cases/category_form.html", {"form": form, "category": category})
