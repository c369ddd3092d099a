from django import forms
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    """Django's sign-in form, labelled for email addresses."""

    username = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That email and password do not match an account. "
        "Check them and try again (the password is case-sensitive).",
    }


class CodeForm(forms.Form):
    """The second step of signing in, and the confirmation of a new authenticator."""

    code = forms.CharField(
        label="Code", max_length=20, strip=True,
        help_text="The 6-digit code your authenticator app shows now, or one of your "
        "recovery codes.",
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "one-time-code",
                                      "autocapitalize": "none", "spellcheck": "false"}))


class SetupCodeForm(CodeForm):
    code = forms.CharField(
        label="Code from the app", max_length=20, strip=True,
        help_text="The 6 digits the app shows for Recovery Desk.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}))


class PasswordCheckForm(forms.Form):
    """Asks for the person's password again before a change to how they sign in."""

    password = forms.CharField(
        label="Your password", strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.", code="wrong_password")
        return password


class ReplaceAppForm(PasswordCheckForm, SetupCodeForm):
    """Setting up a new app while one is on: the password too, so a borrowed session cannot
    move someone's second factor to a phone of its own."""


class ResetRequestForm(forms.Form):
    email = forms.EmailField(
        label="Email", max_length=254,
        help_text="The address you sign in with.",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}))
