"""The customer's survey page, reached by the private link in the survey email. Public (no
sign-in): the link's random token is the key; an unknown, expired or revoked one is refused
politely."""

from django.shortcuts import render

from cases import links
from cases.customer_views import link_gone
from cases.models import Survey
from recovery.errors import Conflict

from . import surveys
from .step_forms import SurveyForm


def survey(request, token):
    try:
        case = links.resolve(token, links.SURVEY)
    except links.LinkGone as gone:
        return link_gone(request, gone)
    answered = Survey.objects.filter(case=case, answered_at__isnull=False).exists()
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and not answered and form.is_valid():
        try:
            surveys.record_answer(case, **form.cleaned_data)
        except Conflict:
            pass  # answered a moment ago in another tab: the thank-you page says so
        return render(request, "customer/survey_thanks.html", {"case": case})
    return render(request, "customer/survey.html",
                  {"case": case, "form": form, "answered": answered})
