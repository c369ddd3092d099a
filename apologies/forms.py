from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from .lexicon import compile_pattern
from .models import STEP_CHOICES, Phrase


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


class TryTextForm(forms.Form):
    text = forms.CharField(
        label="Try a sentence", widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )
    step = forms.ChoiceField(
        choices=[("", "Whole message"), *STEP_CHOICES], required=False, label="As step"
    )
