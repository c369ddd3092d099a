"""The incident's forms: the incident with its shared parts, its remedies by tier, and a
linked case's personal remedy and regret. Shape only; the rules are in `linking`."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.conf import settings
from django.utils import timezone

from apologies import remedy as remedy_parts
from apologies.models import EXTRA_FIELDS, ExtraType, RemedyType, RootCause
from apologies.step_forms import DATETIME_FORMATS, DATETIME_INPUT, GUIDANCE
from cases.choices import Stage, Tier
from recovery.text import single_line

from .models import Incident, IncidentStatus


class IncidentForm(forms.ModelForm):
    started_at = forms.DateTimeField(label="Started", widget=DATETIME_INPUT,
                                     input_formats=DATETIME_FORMATS)
    ended_at = forms.DateTimeField(label="Ended", widget=DATETIME_INPUT, required=False,
                                   input_formats=DATETIME_FORMATS)
    root_cause = forms.ModelChoiceField(
        label="Root cause", queryset=RootCause.objects.filter(is_active=True),
        required=False, empty_label="Not known yet")

    class Meta:
        model = Incident
        fields = ["title", "status", "started_at", "ended_at", "summary", "acknowledgement",
                  "explanation", "root_cause", "fix", "regret"]
        labels = {"acknowledgement": "Our acknowledgement (to every customer)",
                  "explanation": "What went wrong (to every customer)",
                  "fix": "What we fixed (to every customer)",
                  "regret": "Our apology (the default; each case may change it)"}
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in
                   ["summary", "acknowledgement", "explanation", "fix", "regret"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field, key in [("acknowledgement", Stage.ACKNOWLEDGE), ("explanation", Stage.EXPLAIN),
                           ("fix", Stage.FIX), ("regret", Stage.REGRET)]:
            self.fields[field].help_text = GUIDANCE[key][1]
        self.fields["fix"].help_text = ("What we fixed, and what we changed so it does not "
                                        "happen again.")
        self.fields["status"].choices = IncidentStatus.choices
        if self.instance.pk is None and not self.is_bound:
            # a declared field takes no initial from the model's default
            self.initial.setdefault("started_at", timezone.localtime().replace(second=0,
                                                                               microsecond=0))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "title",
            Row(Column("status", css_class="col-md-4"), Column("started_at", css_class="col-md-4"),
                Column("ended_at", css_class="col-md-4")),
            "summary",
            Fieldset("The apology's shared parts", "acknowledgement", "explanation",
                     Row(Column("root_cause", css_class="col-md-4")), "fix", "regret"),
        )


class RemedyForm(forms.Form):
    """The default remedy for one tier; the standard tier's is required, the others fall
    back to it when left empty."""

    tier = forms.ChoiceField(choices=Tier.choices, widget=forms.HiddenInput)
    remedy_type = forms.ChoiceField(label="Remedy", choices=[("", "—"), *RemedyType.choices],
                                    required=False)
    content = forms.CharField(label="What we offer", max_length=5000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    value_to_customer = forms.DecimalField(label="Value to the customer", max_digits=10,
                                           decimal_places=2, min_value=0, required=False)
    cost = forms.DecimalField(label="Cost to us", max_digits=10, decimal_places=2, min_value=0,
                              required=False)
    # The extra, as at the restore-value step: optional, all or nothing.
    extra_type = forms.ChoiceField(label="Extra", required=False,
                                   choices=[("", "No extra"), *ExtraType.choices])
    extra_description = forms.CharField(label="What the extra is", required=False,
                                        max_length=300, validators=[single_line])
    extra_value_to_customer = forms.DecimalField(
        label="Extra: worth to the customer", max_digits=10, decimal_places=2, min_value=0,
        required=False)
    extra_cost = forms.DecimalField(label="Extra: costs us", max_digits=10, decimal_places=2,
                                    min_value=0, required=False)

    def clean(self):
        data = super().clean()
        for name, message in remedy_parts.extra_problems(data).items():
            if name not in self.errors:
                self.add_error(name, message)
        given = [name for name in ("remedy_type", "content", "value_to_customer", "cost")
                 if data.get(name) not in (None, "")]
        if given and len(given) < 4:
            for name in {"remedy_type", "content", "value_to_customer", "cost"} - set(given):
                self.add_error(name, "Needed for this tier's remedy.")
        if not given and data.get("tier") == Tier.STANDARD:
            self.add_error("content", "Standard-tier customers need a remedy; the other tiers "
                                      "get this one unless they have their own.")
        return data

    def remedy(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("content"):
            return None
        return {"tier": data["tier"], "remedy_type": data["remedy_type"],
                "content": data["content"].strip(), "value_to_customer": data["value_to_customer"],
                "cost": data["cost"], "currency": settings.DESK_CURRENCY,
                "extra_type": data.get("extra_type") or "",
                "extra_description": data.get("extra_description") or "",
                "extra_value_to_customer": data.get("extra_value_to_customer"),
                "extra_cost": data.get("extra_cost")}


RemedyFormSet = forms.formset_factory(RemedyForm, extra=0, min_num=len(Tier.choices),
                                      max_num=len(Tier.choices), validate_max=True)


def remedy_formset(incident=None, data=None):
    """One form per tier, in tier order, filled from the incident's remedies."""
    existing = {remedy.tier: remedy for remedy in incident.remedies.all()} if incident else {}
    initial = []
    for tier, _ in Tier.choices:
        remedy = existing.get(tier)
        initial.append({"tier": tier, **({
            "remedy_type": remedy.remedy_type, "content": remedy.content,
            "value_to_customer": remedy.value_to_customer, "cost": remedy.cost,
            **{name: getattr(remedy, name) for name in EXTRA_FIELDS},
        } if remedy else {})})
    formset = RemedyFormSet(data, initial=initial, prefix="remedies")
    for form, (_, label) in zip(formset.forms, Tier.choices, strict=False):
        form.tier_label = label
    return formset


class PersonaliseForm(forms.Form):
    """This customer's remedy and regret, instead of the incident's defaults."""

    remedy_type = forms.ChoiceField(label="Remedy", choices=RemedyType.choices)
    content = forms.CharField(label="What we offer this customer", max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 2}))
    value_to_customer = forms.DecimalField(label="Value to the customer", max_digits=10,
                                           decimal_places=2, min_value=0)
    cost = forms.DecimalField(label="Cost to us", max_digits=10, decimal_places=2, min_value=0)
    extra_type = RemedyForm.base_fields["extra_type"]
    extra_description = RemedyForm.base_fields["extra_description"]
    extra_value_to_customer = RemedyForm.base_fields["extra_value_to_customer"]
    extra_cost = RemedyForm.base_fields["extra_cost"]
    regret = forms.CharField(label="Our apology to this customer", max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "content",
            Row(Column("remedy_type", css_class="col-md-4"),
                Column("value_to_customer", css_class="col-md-4"),
                Column("cost", css_class="col-md-4")),
            Row(Column("extra_type", css_class="col-md-4"),
                Column("extra_description", css_class="col-md-8")),
            Row(Column("extra_value_to_customer", css_class="col-md-4"),
                Column("extra_cost", css_class="col-md-4")),
            "regret",
        )

    def clean(self):
        data = super().clean()
        for name, message in remedy_parts.extra_problems(data).items():
            if name not in self.errors:
                self.add_error(name, message)
        return data

    def remedy(self) -> dict:
        data = self.cleaned_data
        return {"content": data["content"], "remedy_type": data["remedy_type"],
                "value_to_customer": data["value_to_customer"], "cost": data["cost"],
                "currency": settings.DESK_CURRENCY,
                **{name: data.get(name) for name in EXTRA_FIELDS}}
