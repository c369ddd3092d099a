"""The People pages (managers only) and the invitation's set-password page (public: the
link's token is the key). Each view validates a form and calls one `accounts.people` move;
a refusal is shown next to the field it concerns."""

from django.contrib import messages
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN, PasswordResetConfirmView
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from cases.access import manager_required
from recovery.errors import RecoveryError

from . import people
from .people_forms import DeactivateForm, InviteForm, PersonForm, SearchForm

PAGE_SIZE = 50


def _refuse(form, refusal):
    form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)


def _posted(request):
    """The POST, even an empty one (a form with every field optional is still sent)."""
    return request.POST if request.method == "POST" else None


def _person(pk):
    """Someone at the desk (a stranger's id, or a user with no desk role: 404)."""
    return get_object_or_404(people.directory(), pk=pk)


@manager_required
def people_list(request):
    search = SearchForm(request.GET or None)
    q = search.cleaned_data["q"] if search.is_valid() else ""
    page = Paginator(people.directory(q), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "people/list.html", {"search": search, "page": page, "q": q})


@manager_required
def invite(request):
    form = InviteForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            person = people.invite(**form.cleaned_data, by=request.user)
        except RecoveryError as refusal:
            _refuse(form, refusal)
        else:
            messages.success(request, f"Invitation sent to {person.email}.")
            return redirect("people:person", pk=person.pk)
    return render(request, "people/invite.html", {"form": form})


@manager_required
def person_page(request, pk):
    person = _person(pk)
    form = PersonForm(_posted(request), initial={
        "first_name": person.first_name, "last_name": person.last_name,
        "role": people.role_of(person), "approval_limit": person.approval_limit})
    if request.method == "POST" and form.is_valid():
        try:
            people.change(person, **form.cleaned_data, by=request.user)
        except RecoveryError as refusal:
            _refuse(form, refusal)
        else:
            messages.success(request, f"Saved the changes to {person.display_name}.")
            return redirect("people:person", pk=person.pk)
    return render(request, "people/person.html", {
        "person": person, "form": form,
        "changes": person.people_changes.select_related("by")[:200],
        "cases": people.open_cases(person)[:20],
        "invited": person.is_active and not person.has_usable_password(),
    })


@require_POST
@manager_required
def resend_invitation(request, pk):
    person = _person(pk)
    try:
        people.resend_invitation(person, by=request.user)
    except RecoveryError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"Invitation sent again to {person.email}; the earlier "
                                  "link no longer works.")
    return redirect("people:person", pk=person.pk)


@manager_required
def deactivate(request, pk):
    person = _person(pk)
    form = DeactivateForm(_posted(request), person=person)
    if request.method == "POST" and form.is_valid():
        try:
            change = people.deactivate(person, reassign_to=form.cleaned_data["reassign_to"],
                                       by=request.user)
        except RecoveryError as refusal:
            _refuse(form, refusal)
        else:
            messages.success(request, f"{person.display_name} is deactivated: {change.note}")
            return redirect("people:person", pk=person.pk)
    return render(request, "people/deactivate.html", {
        "person": person, "form": form, "cases": people.open_cases(person),
        "yourself": person.pk == request.user.pk})


@require_POST
@manager_required
def reactivate(request, pk):
    person = _person(pk)
    try:
        people.reactivate(person, by=request.user)
    except RecoveryError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"{person.display_name} is active again. Their API keys "
                                  "stay revoked.")
    return redirect("people:person", pk=person.pk)


class Welcome(PasswordResetConfirmView):
    """The invitation's link: choose a password, then sign in. Django's reset page, with
    the invitation's own tokens: the token leaves the address bar for the session before
    the form is shown, so it never reaches another site in a Referer."""

    token_generator = people.invitation_tokens
    template_name = "people/welcome.html"
    reset_url_token = "set-password"
    success_url = reverse_lazy("login")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None

    def form_valid(self, form):
        try:
            people.accept_invitation(self.user, form.cleaned_data["new_password1"])
        except RecoveryError as refusal:
            form.add_error(None, refusal.message)
            return self.form_invalid(form)
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        messages.success(self.request, "Your password is set. Sign in with your email "
                                       f"({self.user.email}) and your new password.")
        return HttpResponseRedirect(self.get_success_url())


welcome = Welcome.as_view()
