"""The five step forms of the case page. Each validates shape only; the rules (order,
lexicon, approval) are the flow's, and the view puts its errors next to the field."""

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.conf import settings
from django.utils import timezone

from cases.choices import Stage
from cases.filters import desk_users
from cases.models import Commitment
from recovery.text import single_line

from . import remedy
from .models import EXTRA_FIELDS as EXTRA
from .models import ExtraType, RemedyType, RootCause

GUIDANCE = {
    Stage.RESTORE_VALUE: (
        "What we offer the customer",
        "First put things back as they should have been, then add something extra of high "
        "value to the customer and low cost to us.",
    ),
    Stage.ACKNOWLEDGE: (
        "Our acknowledgement",
        "Say plainly, in the first person, that we got it wrong. No excuses, no blame on a "
        "supplier, a courier, another team or the customer.",
    ),
    Stage.EXPLAIN: (
        "What went wrong",
        "Explain the cause in plain words, without jargon and without excusing it.",
    ),
    Stage.FIX: (
        "What we fixed",
        "What we did for this customer, and what we changed so it does not happen again. "
        "Each promise below becomes a commitment we track.",
    ),
    Stage.REGRET: (
        "Our apology",
        "Say you are sorry, and name what it did to the customer. No “if”, no “any "
        "inconvenience”.",
    ),
}
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class StepForm(forms.Form):
    key: Stage

    content = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)

    def __init__(self, *args, live_check_url=None, **kwargs):
        super().__init__(*args, **kwargs)
        label, help_text = GUIDANCE[self.key]
        self.fields["content"].label = label
        self.fields["content"].help_text = help_text
        if live_check_url:
            # htmx: findings appear next to the text while the agent writes.
            self.fields["content"].widget.attrs.update({
                "hx-post": live_check_url, "hx-trigger": "input changed delay:400ms",
                "hx-target": f"#findings-{self.key}", "hx-swap": "innerHTML",
            })
        self.live_check_url = live_check_url
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = self.layout()

    def layout(self):
        return Layout("content")

    def flow_data(self) -> dict:
        return dict(self.cleaned_data)


def _amount(label, required=True):
    return forms.DecimalField(label=label, max_digits=10, decimal_places=2, min_value=0,
                              required=required)


class RestoreValueForm(StepForm):
    """The remedy in two parts: make the customer whole, then something extra (optional,
    all or nothing; without one the form warns). `summary_url` updates the totals and the
    value per unit of cost while the agent types (htmx; the page works without it)."""

    key = Stage.RESTORE_VALUE

    remedy_type = forms.ChoiceField(label="Remedy", choices=RemedyType.choices)
    value_to_customer = _amount("Value to the customer")
    cost = _amount("Cost to us")
    currency = forms.CharField(max_length=3, min_length=3, initial=settings.DESK_CURRENCY)
    extra_type = forms.ChoiceField(label="Extra", required=False,
                                   choices=[("", "No extra"), *ExtraType.choices])
    extra_description = forms.CharField(
        label="What the extra is", required=False, max_length=300, validators=[single_line],
        help_text="Of high value to the customer and low cost to us",
    )
    # Short labels: the fieldset's legend says whose; "Value to the customer" stays unique.
    extra_value_to_customer = _amount("Worth to the customer", required=False)
    extra_cost = _amount("Costs us", required=False)

    def __init__(self, *args, summary_url=None, **kwargs):
        self.summary_url = summary_url
        super().__init__(*args, **kwargs)
        if summary_url:
            for name in ("remedy_type", "value_to_customer", "cost", "currency", *EXTRA):
                self.fields[name].widget.attrs.update({
                    "hx-post": summary_url, "hx-trigger": "input changed delay:300ms, change",
                    "hx-target": "#remedy-summary", "hx-swap": "innerHTML",
                })

    def layout(self):
        return Layout(
            "content",
            # Amounts two abreast even on a phone; the type and the words get a line.
            Fieldset("Make the customer whole",
                     Row(Column("remedy_type", css_class="col-sm-6 col-xl-4"),
                         Column("value_to_customer", css_class="col-6 col-sm-3 col-xl-3"),
                         Column("cost", css_class="col-6 col-sm-3 col-xl-3"),
                         Column("currency", css_class="col-6 col-sm-3 col-xl-2"),
                         css_class="align-items-end")),
            Fieldset("Something extra",
                     Row(Column("extra_type", css_class="col-sm-6 col-xl-4"),
                         Column("extra_description", css_class="col-xl-8")),
                     Row(Column("extra_value_to_customer", css_class="col-6 col-sm-3"),
                         Column("extra_cost", css_class="col-6 col-sm-3"),
                         css_class="align-items-end")),
        )

    def clean_currency(self):
        currency = self.cleaned_data["currency"].upper()
        if not currency.isalpha():
            raise forms.ValidationError("Use a three-letter currency code, such as EUR.")
        return currency

    def clean(self):
        data = super().clean()
        for name, message in remedy.extra_problems(data).items():
            if name not in self.errors:  # a value that did not parse already says so
                self.add_error(name, message)
        return data

    @property
    def summary(self) -> remedy.Summary:
        """The two parts, totals and ratio, from what was typed (or the saved step)."""
        source = self.data if self.is_bound else self.initial
        return remedy.summarize(source, settings.DESK_CURRENCY)


class AcknowledgeForm(StepForm):
    key = Stage.ACKNOWLEDGE


class ExplainForm(StepForm):
    key = Stage.EXPLAIN

    root_cause = forms.ModelChoiceField(
        label="Root cause", queryset=RootCause.objects.filter(is_active=True),
        to_field_name="slug", required=False, empty_label="Not known yet",
    )

    def layout(self):
        return Layout("content", Row(Column("root_cause", css_class="col-md-4")))


class CommitmentForm(forms.Form):
    description = forms.CharField(label="We promise", max_length=500, required=False,
                                  validators=[single_line])
    owner = forms.ModelChoiceField(
        label="Owner", queryset=desk_users(), required=False, empty_label="The case's assignee"
    )
    due_at = forms.DateTimeField(
        label="Due", required=False, widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS
    )

    def clean(self):
        data = super().clean()
        if data.get("description") and not data.get("due_at"):
            self.add_error("due_at", "When is it due?")
        if data.get("due_at") and not data.get("description"):
            self.add_error("description", "Say what we promise.")
        if data.get("due_at") and (problem := Commitment.due_at_problem(data["due_at"])):
            self.add_error("due_at", problem)
        return data


CommitmentFormSet = forms.formset_factory(CommitmentForm, extra=2, max_num=10)


class FixForm(StepForm):
    key = Stage.FIX

    # Set once the agent has seen the promises found in the text as proposed commitments:
    # what they then leave in the rows (or clear) is their decision.
    promises_reviewed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.commitments = CommitmentFormSet(data, prefix="commitments")

    def layout(self):
        return Layout("content", "promises_reviewed")

    def is_valid(self):
        valid = super().is_valid()
        return self.commitments.is_valid() and valid

    def flow_data(self) -> dict:
        promised = [form.cleaned_data for form in self.commitments.forms
                    if form.cleaned_data.get("description")]
        data = {**self.cleaned_data, "commitments": promised}
        data.pop("promises_reviewed", None)
        return data

    def proposing(self, proposals, **kwargs) -> "FixForm":
        """This form again, with `proposals` (promises found in the text) filled into new
        commitment rows for the agent to confirm, change or clear."""
        data = self.data.copy()
        prefix = self.commitments.prefix
        rows = [form.cleaned_data for form in self.commitments.forms
                if form.cleaned_data.get("description")]
        for number in range(int(data.get(f"{prefix}-TOTAL_FORMS") or 0)):
            for name in ("description", "owner", "due_at"):
                data.pop(f"{prefix}-{number}-{name}", None)
        filled = [{"description": row["description"],
                   "owner": row["owner"].pk if row.get("owner") else "",
                   "due_at": _local(row["due_at"])} for row in rows]
        filled += [{"description": p.description, "owner": "", "due_at": _local(p.due_at)}
                   for p in proposals]
        for number, row in enumerate(filled[:CommitmentFormSet.max_num]):
            for name, value in row.items():
                data[f"{prefix}-{number}-{name}"] = value
        data[f"{prefix}-TOTAL_FORMS"] = str(min(len(filled) + 1, CommitmentFormSet.max_num))
        data["promises_reviewed"] = "on"
        return type(self)(data, **kwargs)


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


class RegretForm(StepForm):
    key = Stage.REGRET


FORMS = {form.key.value: form for form in
         (RestoreValueForm, AcknowledgeForm, ExplainForm, FixForm, RegretForm)}


def initial_for(step) -> dict:
    """A form's initial values from a saved step (or draft)."""
    if step is None:
        return {}
    initial = {"content": step.content}
    if step.key == Stage.RESTORE_VALUE:
        initial.update(remedy_type=step.remedy_type, value_to_customer=step.value_to_customer,
                       cost=step.cost, currency=step.currency or settings.DESK_CURRENCY,
                       **{name: getattr(step, name) for name in EXTRA})
    if step.key == Stage.EXPLAIN and step.root_cause_id:
        initial["root_cause"] = step.root_cause.slug
    return initial


class DecisionForm(forms.Form):
    note = forms.CharField(
        label="Note to the agent", widget=forms.Textarea(attrs={"rows": 2}), required=False,
        max_length=2000,
    )


class TransitionForm(forms.Form):
    note = forms.CharField(label="Note", max_length=2000, required=False)


class SurveyForm(forms.Form):
    csat = forms.TypedChoiceField(
        label="How satisfied are you with how we put things right?",
        choices=[(n, str(n)) for n in range(1, 6)], coerce=int, widget=forms.RadioSelect,
        help_text="1: not at all, 5: completely",
    )
    nps = forms.TypedChoiceField(
        label="How likely are you to recommend us to a friend?",
        choices=[(n, str(n)) for n in range(0, 11)], coerce=int, widget=forms.RadioSelect,
        help_text="0: not at all likely, 10: extremely likely",
    )
    comment = forms.CharField(label="Anything you would like to tell us?", required=False,
                              max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(InlineRadios("csat"), InlineRadios("nps"), "comment")
