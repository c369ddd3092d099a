"""The forms of the conversation: writing to the customer from the case page, the
acknowledgement's template (managers; the admin uses the same form, so it checks the same),
and the public complaint form."""

import time

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Div, Layout, Row, Submit
from django import forms
from django.conf import settings
from django.core import signing

from apologies import lexicon
from apologies.compose import PLACEHOLDER
from apologies.models import PhraseCategory
from cases.choices import Channel
from recovery.text import plain_text, single_line

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


# --- The public complaint form (/complain/, conversation.complaint_views) ---------------

FILL_STAMP_SALT = "conversation.complaint-form"
FILL_STAMP_MAX_AGE = 24 * 3600  # a page left open overnight is still good in the morning
TOO_QUICK = ("That was quicker than a person can write: please read your complaint once "
             "more and send it again.")
STALE = "This page was open for too long: please send your complaint again."


def fill_stamp(at: float | None = None) -> str:
    """When the page was served, signed: the form cannot be posted sooner than a person could
    fill it in (COMPLAINT_MIN_SECONDS), nor with a stamp we did not issue."""
    return signing.dumps(time.time() if at is None else at, salt=FILL_STAMP_SALT)


def stamped_at(stamp: str) -> float | None:
    try:
        started = float(signing.loads(stamp or "", salt=FILL_STAMP_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return started if time.time() - started <= FILL_STAMP_MAX_AGE else None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class ComplaintForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=200, required=False,
                           validators=[single_line], widget=forms.TextInput(
                               attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label="Your email", max_length=254,
        help_text="We write to you here, first to confirm we have your complaint.",
        error_messages={"required": "Tell us your email, so that we can write back."},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    order_reference = forms.CharField(
        label="Order reference", max_length=100, required=False, validators=[single_line],
        help_text="If you have one: it is on your receipt or order confirmation.")
    text = forms.CharField(
        label="What happened", max_length=5000, validators=[plain_text],
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="In your own words. A person on our team reads every complaint.",
        error_messages={"required": "Tell us what happened."})
    remedy_requested = forms.CharField(
        label="What would put it right?", max_length=2000, required=False,
        validators=[plain_text], widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional: tell us what you would like us to do.")
    files = MultipleFileField(
        label="Photos or documents", required=False,
        help_text="Optional: a photo of the damage, a receipt.")
    # The honeypot: off screen for people (a screen reader reads its label), filled by bots.
    website = forms.CharField(
        label="Leave this empty", required=False, widget=forms.TextInput(
            attrs={"tabindex": "-1", "autocomplete": "off"}))
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)
        self.fields["files"].help_text += (
            f" Up to {settings.ATTACHMENTS_PER_MESSAGE} files, {limit} MB each.")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Div("website", css_class="honeypot"),  # "started": the page writes a fresh one
            Row(Column("name", css_class="col-md-6"), Column("email", css_class="col-md-6")),
            "text", "order_reference", "remedy_requested", "files")

    @property
    def trapped(self) -> bool:
        """A bot: it filled the field no person sees."""
        return bool(self.data.get("website"))

    def stamp(self) -> str:
        """The stamp for the page shown again: the one it came with while it is good (a
        person correcting a field has already taken their time), else a new one."""
        stamp = self.data.get("started", "")
        return stamp if self.is_bound and stamped_at(stamp) is not None else fill_stamp()

    def clean(self):
        data = super().clean()
        started = stamped_at(data.get("started"))  # said above the form: the field is hidden
        if started is None:
            self.add_error(None, STALE)
        elif time.time() - started < settings.COMPLAINT_MIN_SECONDS:
            self.add_error(None, TOO_QUICK)
        return data

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        if len(files) > settings.ATTACHMENTS_PER_MESSAGE:
            raise forms.ValidationError(
                f"Attach at most {settings.ATTACHMENTS_PER_MESSAGE} files.")
        limit = settings.ATTACHMENT_MAX_BYTES
        too_large = [file.name for file in files if file.size > limit]
        if too_large:
            raise forms.ValidationError(
                f"{', '.join(too_large)}: larger than {limit // (1024 * 1024)} MB. "
                "Send a smaller photo, or reply to our email with it.")
        return files
