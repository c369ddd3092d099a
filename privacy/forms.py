from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms

from accounts.models import User

from .models import Action


class EraseForm(forms.Form):
    confirm = forms.CharField(
        label="Type the customer's email address, or ERASE, to confirm", max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout("confirm", Submit("erase", "Erase personal data for good",
                                                      css_class="btn-danger"))


class AccessLogFilter(forms.Form):
    """The access log's filters; every one optional. Bad dates are field errors."""

    person = forms.ModelChoiceField(
        queryset=User.objects.filter(groups__name__in=["agent", "manager"]).distinct(),
        required=False, empty_label="Anyone")
    customer = forms.CharField(required=False, max_length=254,
                               help_text="Customer number (#12), email or name")
    action = forms.ChoiceField(choices=[("", "Any action"), *Action.choices], required=False)
    since = forms.DateField(label="From", required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="To", required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Row(Column("person", css_class="col-md-3"), Column("customer", css_class="col-md-3"),
                Column("action", css_class="col-md-2"), Column("since", css_class="col-md-2"),
                Column("until", css_class="col-md-2")),
            Submit("filter", "Filter the log", css_class="btn-primary"),
        )

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "The end comes before the start.")
        return data
