"""The OpenAPI schema and its docs, served without outside assets."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_schema_describes_the_case_endpoints(api):
    response = api.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert {"/api/v1/cases/", "/api/v1/cases/{reference}/"} <= set(schema["paths"])
    assert "post" in schema["paths"]["/api/v1/cases/"]
    parameters = {p["name"] for p in schema["paths"]["/api/v1/cases/"]["get"]["parameters"]}
    assert {"status", "stage", "severity", "category", "assignee", "customer_email",
            "external_id", "q", "created_after", "created_before", "breaching", "cursor",
            "page_size"} <= parameters
    assert "ApiKeyAuth" in schema["components"]["securitySchemes"]


def test_schema_needs_credentials():
    assert APIClient().get("/api/schema/").status_code == 401


def test_docs_page_uses_only_our_own_static_files(agent_client):
    response = agent_client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn" not in page.lower() and "unpkg" not in page.lower()


def test_docs_page_sends_strangers_to_sign_in(client):
    assert client.get("/api/docs/")["Location"].startswith("/accounts/login/")


def test_schema_is_valid_openapi_without_warnings(tmp_path):
    from django.core.management import call_command

    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "/api/v1/cases/" in target.read_text()


def test_schema_documents_the_errors_and_headers_every_client_meets(api):
    paths = api.get("/api/schema/?format=json").json()["paths"]
    create = paths["/api/v1/cases/"]["post"]["responses"]
    assert {"201", "400", "401", "403", "409", "413", "422", "429"} <= set(create)
    assert {"Location", "Idempotent-Replayed"} <= set(create["201"]["headers"])
    assert "WWW-Authenticate" in create["401"]["headers"]
    assert "Retry-After" in create["429"]["headers"]
    assert "Location" in create["409"]["headers"]
    detail = paths["/api/v1/cases/{reference}/"]
    assert "ETag" in detail["get"]["responses"]["200"]["headers"]
    assert {"404", "412"} <= set(detail["patch"]["responses"])
    error = detail["get"]["responses"]["404"]["content"]["application/json"]["schema"]
    assert error == {"$ref": "#/components/schemas/Error"}
    for operations in paths.values():
        for operation in operations.values():
            assert {"401", "403", "429"} <= set(operation["responses"])


def test_the_schema_lists_the_flow_endpoints(agent_api):
    paths = agent_api.get("/api/schema/?format=json").json()["paths"]
    for tail in ("apology/", "apology/steps/{key}/", "apology/send/", "commitments/",
                 "resolve/", "close/", "reopen/"):
        assert f"/api/v1/cases/{{reference}}/{tail}" in paths
