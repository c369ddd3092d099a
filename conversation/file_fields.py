"""Files in the desk's forms: one on the case page ("Attach a file"), several with the
customer's reply on the status page. The limits are asked here too, so a file over
ATTACHMENT_MAX_BYTES is a field error next to the box, before `attachments.store` says 413."""

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings

from .attachments import megabytes, too_large


def size_help() -> str:
    return f"Up to {megabytes(settings.ATTACHMENT_MAX_BYTES)} each."


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files in one box (Django's documented pattern); an empty list when none."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        cleaned = [super(FilesField, self).clean(file, initial) for file in files if file]
        if len(cleaned) > settings.ATTACHMENTS_PER_MESSAGE:
            raise forms.ValidationError(
                f"At most {settings.ATTACHMENTS_PER_MESSAGE} files with one message.")
        for file in cleaned:
            refusal = too_large(file.name, file.size)
            if refusal:
                raise forms.ValidationError(refusal)
        return cleaned


class AttachForm(forms.Form):
    file = forms.FileField(label="Attach a file", help_text="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"{size_help()} For the desk: the customer does not see it.")
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_file(self):
        file = self.cleaned_data["file"]
        refusal = too_large(file.name, file.size)
        if refusal:
            raise forms.ValidationError(refusal)
        return file


def read(upload) -> bytes:
    """The upload's bytes (Django spooled it to a temporary file past 2.5 MB)."""
    upload.seek(0)
    return upload.read()
