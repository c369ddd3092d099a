"""The forms of the queue's saved views (the rules themselves are in `cases.saved_views`)."""

from django import forms

from recovery.text import single_line

from .models import SavedView


class SaveViewForm(forms.Form):
    name = forms.CharField(label="Name", max_length=SavedView._meta.get_field("name").max_length,
                           validators=[single_line])
    query = forms.CharField(
        label="Filters, sort and search", required=False,
        max_length=SavedView._meta.get_field("query").max_length * 2,  # canonical is shorter
        help_text="As in the queue's address after the “?”; saved only if the queue accepts it",
    )
    shared = forms.BooleanField(label="Share with the desk", required=False,
                                help_text="Everyone at the desk sees it above their queue")

    def __init__(self, *args, may_share=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_share:  # only managers share (`cases.saved_views`)
            del self.fields["shared"]


class RenameViewForm(forms.Form):
    name = forms.CharField(label="Name", max_length=SavedView._meta.get_field("name").max_length,
                           validators=[single_line])
