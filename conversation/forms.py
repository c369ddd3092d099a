"""The forms of the conversation: writing to the customer from the case page, and the
acknowledgement's template (managers; the admin uses the same form, so it checks the same)."""

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms

from apologies import lexicon
from apologies.compose import PLACEHOLDER
from apologies.models import PhraseCategory
from cases.choices import Channel
from recovery.text import plain_text

from .acknowledgement import PLACEHOLDERS
from .models import AcknowledgementTemplate, MessageKind
from .writing import MAX_CHARS


class MessageForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind", initial=MessageKind.UPDATE,
        choices=[(MessageKind.UPDATE, "Update"), (MessageKind.QUESTION, "Question")],
        widget=forms.RadioSelect,
        help_text="A question puts the case “waiting on the customer”: the resolution "
                  "clock pauses until they answer.",
    )
    body = forms.CharField(
        label="Message to the customer", max_length=MAX_CHARS, validators=[plain_text],
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Sent by email, with their status link; the lexicon checks it first.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template holds the <form> and its button
        self.helper.layout = Layout(InlineRadios("kind"), "body")


def refused(text: str) -> list:
    """The findings that keep the acknowledgement's words from the customer: banned ones,
    and probing "did you…?" ones (it is the first message; apologise before you probe)."""
    return [finding for finding in lexicon.check(text, None)
            if finding.blocking or finding.category == PhraseCategory.DYPII]


def finding_in_words(finding) -> str:
    quoted = f"“{finding.text}”: " if finding.text else ""
    better = f" Try: {finding.suggestion}" if finding.suggestion else ""
    return f"{quoted}{finding.message}{better}"


class AcknowledgementTemplateForm(forms.ModelForm):
    skip_channels = forms.MultipleChoiceField(
        label="Do not acknowledge by email at once for", choices=Channel.choices,
        required=False, widget=forms.CheckboxSelectMultiple,
        help_text="The agent already spoke to the customer (a phone call, at the counter); "
                  "they can still send it from the case page.",
    )

    class Meta:
        model = AcknowledgementTemplate
        fields = ["subject", "body", "skip_channels"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}
        help_texts = {
            "body": "Placeholders: " + ", ".join(f"{{{{ {name} }}}}" for name in PLACEHOLDERS)
                    + ". The status link is added to every email.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Save template"))

    def clean(self):
        data = super().clean()
        for name in ("subject", "body"):
            text = data.get(name) or ""
            unknown = {m.group(1) for m in PLACEHOLDER.finditer(text)} - set(PLACEHOLDERS)
            if unknown:
                self.add_error(name, f"Unknown placeholder: {', '.join(sorted(unknown))}.")
            for finding in refused(text):
                self.add_error(name, finding_in_words(finding))
        return data
