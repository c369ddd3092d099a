from django import forms

from recovery.text import single_line

from .models import ArchivedApology


class ReviewForm(forms.ModelForm):
    rating = forms.TypedChoiceField(
        choices=[(n, f"{n} of 5") for n in range(5, 0, -1)], coerce=int,
        widget=forms.RadioSelect, label="Rating",
        help_text="5: an example to follow; 1: how not to do it",
    )
    exemplary = forms.BooleanField(required=False, label="Exemplary (shown first to agents)")

    class Meta:
        model = ArchivedApology
        fields = ["rating", "exemplary", "lessons"]
        labels = {"lessons": "Lessons learned"}
        widgets = {"lessons": forms.Textarea(attrs={"rows": 4})}


class PublishForm(forms.Form):
    title = forms.CharField(max_length=200, label="Public title", validators=[single_line])
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 12}), max_length=20000,
                           label="Public text",
                           help_text="Names, companies, email addresses and phone numbers "
                           "are removed again when you publish.")
