from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from .compose import PLACEHOLDER
from .lexicon import compile_pattern, forget_cached
from .models import STEP_CHOICES, MessageTemplate, Phrase


class PhraseForm(forms.ModelForm):
    steps = forms.MultipleChoiceField(
        choices=STEP_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked to check every step and the whole message.",
    )

    class Meta:
        model = Phrase
        fields = ["pattern", "kind", "category", "better_wording", "explanation", "steps",
                  "is_active"]
        labels = {"is_active": "Active"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Save phrase"))

    def clean_pattern(self):
        pattern = " ".join(self.cleaned_data["pattern"].split())
        if compile_pattern(pattern).pattern == r"(?!x)x":
            raise forms.ValidationError("Write the phrase with at least one word.")
        return pattern

    def save(self, commit=True):
        """The page's and the admin's save: pages read the lexicon anew after it."""
        forget_cached()
        return super().save(commit)


class TryTextForm(forms.Form):
    text = forms.CharField(
        label="Try a sentence", widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )
    step = forms.ChoiceField(
        choices=[("", "Whole message"), *STEP_CHOICES], required=False, label="As step"
    )


class MessageTemplateForm(forms.ModelForm):
    KNOWN = {"customer_name", "agent_name", "reference", "title", "organisation"}

    class Meta:
        model = MessageTemplate
        fields = ["subject", "greeting", "sign_off", "organisation"]
        widgets = {"sign_off": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "subject": "Placeholders: {{ customer_name }}, {{ agent_name }}, {{ reference }}, "
            "{{ title }} (the title the customer reads, never the internal one), "
            "{{ organisation }}",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Save template"))

    def clean(self):
        data = super().clean()
        for name in ("subject", "greeting", "sign_off"):
            unknown = {m.group(1) for m in PLACEHOLDER.finditer(data.get(name) or "")} - self.KNOWN
            if unknown:
                self.add_error(name, f"Unknown placeholder: {', '.join(sorted(unknown))}.")
        return data
