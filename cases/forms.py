from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.utils import timezone

from recovery.text import plain_text, single_line

from .choices import Channel, Severity
from .filters import desk_people_shown, desk_users
from .models import Case, Category


def customer_title_field():
    return forms.CharField(
        label="What the customer reads", required=False,
        max_length=Case._meta.get_field("customer_title").max_length,
        validators=[single_line],
        help_text="The title on the customer's status page and in our emails; blank: the "
                  "category's wording (e.g. “Your delivery”)",
    )


class CaseForm(forms.Form):
    """Log a case. The customer is found by email, or created."""

    customer_email = forms.EmailField(label="Customer email", max_length=254)
    customer_name = forms.CharField(label="Customer name", max_length=200, required=False,
                                    validators=[single_line])
    customer_company = forms.CharField(label="Company", max_length=200, required=False,
                                       validators=[single_line])
    title = forms.CharField(
        max_length=Case._meta.get_field("title").max_length, validators=[single_line],
        help_text="What went wrong, in a few words (for the desk: the customer never sees it)",
    )
    customer_title = customer_title_field()
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=20000,
        help_text="What the customer told us, in their words where possible",
    )
    remedy_requested = forms.CharField(
        label="What would put it right, in the customer's words", required=False,
        max_length=Case._meta.get_field("remedy_requested").max_length,
        validators=[plain_text], widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What they asked for, if they said (a refund, a replacement by Friday); "
                  "shown beside the remedy we choose",
    )
    channel = forms.ChoiceField(choices=Channel.choices, initial=Channel.EMAIL)
    category = forms.ModelChoiceField(
        queryset=Category.objects.filter(is_active=True),
        to_field_name="slug",
        error_messages={"invalid_choice": "Choose one of the listed categories."},
    )
    severity = forms.ChoiceField(choices=Severity.choices, initial=Severity.MEDIUM)
    occurred_at = forms.DateTimeField(
        label="When it happened",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"],
    )
    assign_to_me = forms.BooleanField(label="Assign to me", required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                "Customer",
                Row(Column("customer_email", css_class="col-md-5"),
                    Column("customer_name", css_class="col-md-4"),
                    Column("customer_company", css_class="col-md-3")),
            ),
            Fieldset(
                "The failure",
                "title",
                "customer_title",
                "description",
                "remedy_requested",
                Row(Column("channel", css_class="col-md-3"),
                    Column("category", css_class="col-md-3"),
                    Column("severity", css_class="col-md-3"),
                    Column("occurred_at", css_class="col-md-3")),
                "assign_to_me",
            ),
            Submit("submit", "Log case"),
        )

    def clean_occurred_at(self):
        value = self.cleaned_data.get("occurred_at")
        if value and value > timezone.now():
            raise forms.ValidationError("This is in the future; when did it happen?")
        return value


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Internal note",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
        help_text="Only the team sees notes; the customer never does.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(label="Assign to", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = (desk_people_shown() if not self.is_bound  # drawn: the cached list
                  else [(user.email, user.display_name) for user in desk_users()])
        self.fields["assignee"].choices = [("", "Nobody (unassigned)"), *people]
        self.helper = FormHelper()
        self.helper.form_tag = False

    def assignee_user(self):
        email = self.cleaned_data["assignee"]
        return desk_users().filter(email=email).first() if email else None


class EditCaseForm(forms.Form):
    """The case's details. `version` carries the ETag the page was rendered with, so a
    change someone else saved meanwhile is refused instead of overwritten."""

    title = forms.CharField(max_length=Case._meta.get_field("title").max_length,
                            help_text="For the desk: the customer never sees it",
                            validators=[single_line])
    customer_title = customer_title_field()
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False,
                                  max_length=20000)
    category = forms.ModelChoiceField(queryset=Category.objects.filter(is_active=True),
                                      to_field_name="slug")
    severity = forms.ChoiceField(choices=Severity.choices,
                                 help_text="A new severity moves the SLA targets not yet met")
    tags = forms.CharField(required=False, max_length=1000, help_text="Separated by commas",
                           validators=[single_line])
    version = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "title", "customer_title", "description",
            Row(Column("category", css_class="col-md-4"), Column("severity", css_class="col-md-4"),
                Column("tags", css_class="col-md-4")),
            "version", Submit("submit", "Save changes"),
        )

    @classmethod
    def for_case(cls, case, data=None):
        return cls(data, initial={
            "title": case.title, "customer_title": case.customer_title,
            "description": case.description, "category": case.category.slug,
            "severity": case.severity, "tags": ", ".join(case.tags), "version": case.etag,
        })

    def clean_tags(self):
        tags = [tag.strip() for tag in self.cleaned_data["tags"].split(",") if tag.strip()]
        if len(tags) > 20 or any(len(tag) > 50 for tag in tags):
            raise forms.ValidationError("Up to 20 tags of up to 50 characters.")
        return tags

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version")
        return data
