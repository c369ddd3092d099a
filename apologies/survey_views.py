"""The customer's survey page, reached by the private link in the survey email. Public (no
sign-in): the signed token is the key, and a tampered or expired one is refused politely."""

from django.shortcuts import get_object_or_404, render

from cases import links
from cases.models import Case, Survey
from recovery.errors import Conflict

from . import surveys
from .step_forms import SurveyForm


def survey(request, token):
    try:
        reference = links.reference_from(token, links.SURVEY)
    except links.BadLink as bad:
        return render(request, "customer/bad_link.html", {"expired": bad.expired},
                      status=410 if bad.expired else 400)
    case = get_object_or_404(Case.objects.select_related("customer"), reference=reference)
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
