"""Privacy's pages: export and erase a customer's personal data (managers), and the access
log (managers). Thin: fetch, validate, call the domain, render."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cases.access import manager_required
from cases.models import Case, Customer
from recovery.errors import RecoveryError

from . import access_log, erasure, export
from .forms import AccessLogFilter, EraseForm

LOG_PAGE_SIZE = 50


@require_POST
@manager_required
def export_customer(request, pk):
    customer = get_object_or_404(Customer, pk=pk)
    zipped, filename = export.build(customer, by=request.user)
    return FileResponse(zipped, as_attachment=True, filename=filename,
                        content_type="application/zip")


@manager_required
def erase_customer(request, pk):
    customer = get_object_or_404(Customer, pk=pk)
    if erasure.is_erased(customer):
        messages.info(request, "This customer's personal data was erased already.")
        return redirect(customer)
    form = EraseForm(request.POST or None)
    if form.is_valid():
        try:
            erasure.erase(customer, by=request.user, confirm=form.cleaned_data["confirm"])
        except RecoveryError as refusal:
            form.add_error("confirm" if refusal.field else None, refusal.message)
        else:
            # No name in the message: it may wait in the session after the data is gone.
            messages.success(request, "The customer's personal data was erased.")
            return redirect(customer)
    cases = Case.objects.filter(customer=customer)
    return render(request, "privacy/erase.html", {
        "customer": customer, "form": form, "cases": cases.count(),
        "open_cases": cases.active().count(),
    }, status=400 if form.is_bound else 200)


@manager_required
def access_log_page(request):
    form = AccessLogFilter(request.GET or None)
    records = access_log.search()
    if form.is_bound and form.is_valid():
        records = access_log.search(**form.cleaned_data)
    elif form.is_bound:
        records = records.none()
    page = Paginator(records, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "privacy/access_log.html", {
        "form": form, "page": page, "query": query.urlencode(),
        "rows": [(record, erasure.is_erased(record.customer)) for record in page.object_list],
    }, status=400 if form.is_bound and not form.is_valid() else 200)
