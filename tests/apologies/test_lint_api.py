"""POST /api/v1/lint/: lexicon findings for any text."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db
LINT = "/api/v1/lint/"


def test_lint_lists_findings_with_place_and_better_wording(agent_api):
    text = "Sorry, it's our policy."
    response = agent_api.post(LINT, {"text": text, "step": "restore_value"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["blocking"] is True
    finding = body["findings"][0]
    assert text[finding["start"]:finding["end"]] == "it's our policy"
    assert finding["kind"] == "banned" and finding["category"] == "policy_speak"
    assert finding["suggestion"] and finding["message"]


def test_structural_checks_run_for_the_step(agent_api):
    body = agent_api.post(LINT, {"text": "Thanks for waiting.", "step": "regret"},
                          format="json").json()
    assert body["blocking"] is True
    assert "structure:no_apology" in {f["rule"] for f in body["findings"]}


def test_clean_text_has_no_findings(api):
    body = api.post(LINT, {"text": "We are truly sorry we spoiled your evening.",
                           "step": "regret"}, format="json").json()
    assert body == {"findings": [], "blocking": False}


@pytest.mark.parametrize(
    "body, field",
    [({}, "text"), ({"text": "x", "step": "grovel"}, "step"), ({"text": "x" * 50_001}, "text"),
     ({"text": "a\x00b"}, "text")],
)
def test_bad_input_is_400(agent_api, body, field):
    response = agent_api.post(LINT, body, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_lint_needs_credentials():
    assert APIClient().post(LINT, {"text": "x"}, format="json").status_code == 401
