"""How a person gets their notifications by email (`/notifications/settings/`)."""

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms

from .models import EMAIL_GROUPS, EmailMode

HOURS = [(hour, f"{hour:02d}:00") for hour in range(24)]


class EmailChoicesForm(forms.Form):
    """For each group of notifications: email at once, in the daily digest, or not by
    email; and the digest's hour. All of them are in the app regardless."""

    digest_hour = forms.TypedChoiceField(label="Send my daily digest at", choices=HOURS,
                                         coerce=int, required=False, empty_value=None)

    def __init__(self, *args, zone_name, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label, _ in EMAIL_GROUPS:
            # not required: a group left out is emailed at once, as before any choice
            self.fields[f"email_{key}"] = forms.ChoiceField(
                label=label, choices=EmailMode.choices, widget=forms.RadioSelect,
                initial=EmailMode.NOW, required=False)
        self.fields["digest_hour"].help_text = (
            f"In the desk's time zone ({zone_name}). The digest lists what arrived since the "
            "last one and is still unread, by case; with nothing to say, no email.")
        self.order_fields([f"email_{key}" for key, _, _ in EMAIL_GROUPS])
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            *[InlineRadios(f"email_{key}") for key, _, _ in EMAIL_GROUPS],
            Field("digest_hour", css_class="w-auto"),
        )

    @staticmethod
    def initial_of(choices) -> dict:
        return {"digest_hour": choices.digest_hour,
                **{f"email_{key}": choices.emails.get(key, EmailMode.NOW)
                   for key, _, _ in EMAIL_GROUPS}}

    def emails(self) -> dict:
        return {key: self.cleaned_data[f"email_{key}"] or EmailMode.NOW
                for key, _, _ in EMAIL_GROUPS}
