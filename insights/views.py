"""The insights dashboard and each figure's CSV. Managers see everyone's figures, agents
their own cases' (`figures.Scope`); a bad date range is a form error (400), never a 500."""

import csv

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cases.access import desk_user_required

from . import counted as counted_figures
from . import figures, sql
from .period import MAX_DAYS, PeriodForm


def _form(request):
    # Always bound: no dates at all is valid and means the last twelve weeks.
    return PeriodForm(request.GET, today=timezone.localdate())


@desk_user_required
def dashboard(request):
    form = _form(request)
    if not form.is_valid():
        return render(request, "insights/dashboard.html", {"form": form}, status=400)
    period = form.period
    counted = counted_figures.dashboard(request.user, period)
    return render(request, "insights/dashboard.html", {
        "form": form, "period": period, "capped": form.capped, "max_years": MAX_DAYS // 365,
        "everyone": request.user.is_manager, "figures": counted.figures,
        "counted_at": counted.at, "count_seconds": settings.INSIGHTS_COUNT_SECONDS,
        "percentiles": sql.percentiles_supported(),
    })


@desk_user_required
def export(request, slug):
    form = _form(request)
    if not form.is_valid():
        errors = "; ".join(f"{name}: {' '.join(messages)}"
                           for name, messages in form.errors.items())
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    period = form.period
    figure = figures.one(request.user, slug, period)
    if figure is None:
        raise Http404("No such figure")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{slug}-{period.first:%Y%m%d}-{period.last:%Y%m%d}.csv"')
    writer = csv.writer(response)
    writer.writerow([figures.csv_cell(name) for name in figure.columns])
    writer.writerows([figures.csv_cell(cell) for cell in row] for row in figure.rows)
    return response
