"""The People pages' forms. They offer only what `accounts.people` changes: no staff or
superuser field exists here, so a forged one is dropped with the rest of the unknown input."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db.models import Q

from recovery.text import single_line

from .models import Role, User

ROLE_CHOICES = [(Role.AGENT, "Agent: works cases"),
                (Role.MANAGER, "Manager: also approves remedies and manages people")]


class _Names(forms.Form):
    first_name = forms.CharField(max_length=150, required=False, validators=[single_line],
                                 widget=forms.TextInput(attrs={"autocomplete": "off"}))
    last_name = forms.CharField(max_length=150, required=False, validators=[single_line],
                                widget=forms.TextInput(attrs={"autocomplete": "off"}))
    role = forms.ChoiceField(choices=ROLE_CHOICES, widget=forms.RadioSelect)


class InviteForm(_Names):
    email = forms.EmailField(widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    field_order = ["first_name", "last_name", "email", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("role", Role.AGENT)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Send invitation"))


class PersonForm(_Names):
    approval_limit = forms.DecimalField(
        required=False, max_digits=10, decimal_places=2, min_value=0,
        label="Own approval limit",
        help_text="The highest remedy cost they may offer without a manager's approval. "
        "Leave empty for the limit of the customer's tier, else the desk's default.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Save changes"))


class DeactivateForm(forms.Form):
    reassign_to = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False,
        label="Give their open cases to",
        empty_label="Nobody: leave them unassigned in the queue")

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        # Active desk people (a superuser acts as a manager), the person leaving aside.
        self.fields["reassign_to"].queryset = (
            User.objects.filter(is_active=True).exclude(pk=person.pk)
            .filter(Q(groups__name__in=Role.values) | Q(is_superuser=True)).distinct())
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page adds the cases and the button


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Name or email")
