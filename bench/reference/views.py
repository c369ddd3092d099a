import json

from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

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
    results = list(Row.objects.order_by("-id").values("id", "title", "body", "created_at")[:25])
    return JsonResponse({"results": results})
