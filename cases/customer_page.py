"""The desk's page about one customer (`/customers/<id>/`): who they are, every case they
had with us and how it ended, what they answered in the surveys, and the sections other
apps add (the remedies they received: `apologies`; the incidents that caught them:
`incidents`). People only; the page reads in a fixed number of queries, however many
cases the customer has."""

from datetime import timedelta

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from . import panels
from .access import desk_user_required
from .history import RECENT_DAYS, REPEATED
from .models import Case, Customer


@desk_user_required
def customer(request, pk):
    who = get_object_or_404(Customer, pk=pk)
    cases = list(Case.objects.filter(customer=who).select_related("survey", "category")
                 .order_by("-created_at", "-id"))
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    recent = sum(1 for case in cases if case.created_at >= since)
    link = Case.link_maker("cases:detail")
    rows = [(case, link(case), getattr(case, "survey", None)) for case in cases]
    return render(request, "cases/customer.html", {
        "customer": who,
        "rows": rows,
        "answers": [(case, url, survey) for case, url, survey in rows
                    if survey is not None and survey.answered_at],
        "recent": recent, "recent_days": RECENT_DAYS, "repeated": recent >= REPEATED,
        "sections": panels.customer_sections(request, who),
    })
