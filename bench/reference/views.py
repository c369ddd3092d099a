import json

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import Row


def nothing(request):
    return HttpResponse(b"ok", content_type="text/plain")


@csrf_exempt
def insert(request):
    """Parse a JSON body and INSERT one row: the least a POST that creates something costs."""
    data = json.loads(request.body)
    row = Row.objects.create(title=str(data.get("title", ""))[:200],
                             body=str(data.get("description", "")))
    return JsonResponse({"id": row.pk, "title": row.title}, status=201)


def rows(request):
    """The newest 25 rows as JSON, in one query."""
    return JsonResponse({"results": _newest()})


class DrfRows(APIView):
    """The same 25 rows through Django REST framework (no authentication): the framework's
    own cost, the floor of any DRF list."""

    def get(self, request):
        return Response({"results": _newest()})


def html_rows(request):
    """The same 25 rows as an HTML table of nine cells a row through Django's templates (no
    session, no layout): the floor of any server-rendered list page."""
    return render(request, "reference/rows.html", {"rows": _newest()})


def jinja_rows(request):
    """The same table through Jinja2, by Django's own Jinja2 backend (autoescaping on): the
    floor of a list page whose rows are rendered by Jinja2."""
    return render(request, "reference/rows.html", {"rows": _newest()}, using="jinja2")


def _newest():
    return list(Row.objects.order_by("-id").values("id", "title", "body", "created_at")[:25])
