"""The apology on the case page, as an agent and a manager use it in the browser (without
JavaScript: the forms post and the page answers)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apologies import flow
from apologies.models import ApologyStep, MessageTemplate, RemedyApproval
from cases.models import Notification

from ..factories import CaseFactory
from .steps import GOOD, complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(agent):
    return CaseFactory(by=agent, assignee=agent)


def step_url(case, key):
    return f"/cases/{case.reference}/steps/{key}/"


def form_data(key, **changes):
    data = {k: str(v) for k, v in GOOD[key].items()}
    if key == "fix":
        data.update({"commitments-TOTAL_FORMS": "2", "commitments-INITIAL_FORMS": "0"})
    data.update(changes)
    return data


def test_the_case_page_offers_the_next_step_s_form(agent_client, case):
    page = agent_client.get(case.get_absolute_url()).content.decode()
    assert "What we offer the customer" in page
    assert "Value to the customer" in page and "Cost to us" in page
    assert "Complete step" in page
    assert f'hx-post="/cases/{case.reference}/steps/restore_value/check/"' in page


def test_completing_a_step_through_the_form(agent_client, case):
    response = agent_client.post(step_url(case, "restore_value"), form_data("restore_value"),
                                 follow=True)
    page = response.content.decode()
    assert "Step 1 “Restore lost value” completed." in page
    assert GOOD["restore_value"]["content"] in page
    assert "Our acknowledgement" in page  # the next step's form
    case.refresh_from_db()
    assert case.stage == "acknowledge"


def test_the_last_step_leads_to_the_preview(agent_client, agent, case):
    complete(case, "restore_value", "acknowledge", "explain", "fix", by=agent)
    response = agent_client.post(step_url(case, "regret"), form_data("regret"), follow=True)
    assert response.redirect_chain[-1][0] == f"/cases/{case.reference}/apology/preview/"
    page = response.content.decode()
    assert "Step 5 “Express regret” completed." in page
    assert "Preview the apology" in page and "Send apology" in page


def test_a_step_that_leaves_the_apology_unsendable_goes_back_to_the_steps(agent_client, case):
    response = agent_client.post(step_url(case, "restore_value"), form_data("restore_value"))
    assert response.url == f"/cases/{case.reference}/#apology"


def test_a_later_step_says_which_to_do_first(agent_client, case):
    assert "Complete “Restore lost value” first" in agent_client.get(
        step_url(case, "regret")).content.decode()
    response = agent_client.post(step_url(case, "regret"), form_data("regret"))
    assert response.status_code == 200
    assert "Complete “Restore lost value” first: the steps go in order." in (
        response.content.decode())
    assert not ApologyStep.objects.filter(case=case).exists()


def test_banned_language_is_a_form_error_with_the_better_wording(agent_client, agent, case):
    complete(case, "restore_value", by=agent)
    response = agent_client.post(step_url(case, "acknowledge"), form_data(
        "acknowledge", content="We made a mistake. You need to ask a manager about refunds."))
    page = response.content.decode()
    assert response.status_code == 200
    assert "cannot go to the customer" in page
    assert "Must change" in page and "you need to ask a manager" in page.lower()
    assert not ApologyStep.objects.filter(case=case, key="acknowledge").exists()


def test_cautions_complete_the_step_with_a_warning(agent_client, case):
    response = agent_client.post(step_url(case, "restore_value"), form_data(
        "restore_value", content="Full refund issued. Sorry for any inconvenience."),
        follow=True)
    page = response.content.decode()
    assert "completed" in page and "any inconvenience" in page


def test_bad_numbers_are_field_errors(agent_client, case):
    response = agent_client.post(step_url(case, "restore_value"), form_data(
        "restore_value", cost="-5", currency="E1"))
    form = response.context["form"]
    assert "cost" in form.errors and "currency" in form.errors
    assert not ApologyStep.objects.exists()


def test_live_findings_for_the_text_being_written(agent_client, case):
    response = agent_client.post(f"{step_url(case, 'acknowledge')}check/",
                                 {"content": "It’s our policy, you’re wrong."})
    page = response.content.decode()
    assert page.count("Must change") >= 2
    assert "Here is what I can do for you" in page
    clean = agent_client.post(f"{step_url(case, 'explain')}check/",
                              {"content": "We changed our shipping policy so it is clearer."})
    assert "No lexicon findings." in clean.content.decode()


def test_editing_a_completed_step_keeps_its_text_in_the_form(agent_client, agent, case):
    complete(case, "restore_value", "acknowledge", by=agent)
    page = agent_client.get(step_url(case, "acknowledge")).content.decode()
    assert GOOD["acknowledge"]["content"] in page and "Save changes" in page
    agent_client.post(step_url(case, "acknowledge"), form_data(
        "acknowledge", content="I got this wrong, and I take responsibility for it."))
    assert ApologyStep.objects.get(case=case, key="acknowledge").content.startswith("I got")
    assert case.events.last().kind == "step_edited"


def test_the_fix_step_records_commitments(agent_client, agent, other_agent, case):
    complete(case, "restore_value", "acknowledge", "explain", by=agent)
    due = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    agent_client.post(step_url(case, "fix"), form_data(
        "fix", **{"commitments-0-description": "Re-train the packing team",
                  "commitments-0-owner": str(other_agent.pk), "commitments-0-due_at": due}))
    assert list(case.commitments.values_list("description", "owner")) == [
        ("Re-train the packing team", other_agent.pk)]
    page = agent_client.get(case.get_absolute_url()).content.decode()
    assert "Re-train the packing team" in page and "Sam Second" in page


def test_a_commitment_due_in_the_past_is_refused(agent_client, agent, case):
    complete(case, "restore_value", "acknowledge", "explain", by=agent)
    response = agent_client.post(step_url(case, "fix"), form_data(
        "fix", **{"commitments-0-description": "Call back",
                  "commitments-0-due_at": "2020-01-01T10:00"}))
    assert "A commitment must be due in the future." in response.content.decode()
    assert not ApologyStep.objects.filter(case=case, key="fix").exists()


def test_preview_shows_html_and_text_then_send_once(
    agent_client, agent, case, mailoutbox, django_capture_on_commit_callbacks
):
    complete(case, by=agent)
    page = agent_client.get(case.get_absolute_url()).content.decode()
    assert "Preview and send" in page
    preview = agent_client.get(f"/cases/{case.reference}/apology/preview/")
    html = preview.content.decode()
    assert "Send apology" in html and "Plain text" in html
    framed = agent_client.get(f"/cases/{case.reference}/apology/preview.html")
    # sandboxed, no scripts; same origin so the preview page can fit the frame to the email
    assert framed["Content-Security-Policy"].startswith("sandbox allow-same-origin;")
    assert "allow-scripts" not in framed["Content-Security-Policy"]
    assert GOOD["regret"]["content"] in framed.content.decode()
    assert f"Dear {case.customer.name}," in html and "Alex Agent" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = agent_client.post(f"/cases/{case.reference}/apology/send/", follow=True)
    assert f"Apology sent to {case.customer.email} on " in response.content.decode()
    again = agent_client.post(f"/cases/{case.reference}/apology/send/", follow=True)
    assert "already sent" in again.content.decode()
    assert len(mailoutbox) == 1
    sent_page = agent_client.get(f"/cases/{case.reference}/apology/preview/").content.decode()
    assert "The apology as sent" in sent_page and "Send apology" not in sent_page


def test_preview_before_the_steps_are_done_sends_the_agent_back(agent_client, case):
    response = agent_client.get(f"/cases/{case.reference}/apology/preview/", follow=True)
    assert "Complete “Restore lost value” before the preview." in response.content.decode()


def test_transitions_through_the_buttons(agent_client, agent, case):
    refused = agent_client.post(f"/cases/{case.reference}/resolve/", follow=True)
    assert "Send the apology before resolving the case." in refused.content.decode()
    complete(case, by=agent)
    flow.send_apology(case, by=agent)
    assert "Resolve case" in agent_client.get(case.get_absolute_url()).content.decode()
    agent_client.post(f"/cases/{case.reference}/resolve/")
    agent_client.post(f"/cases/{case.reference}/close/")
    case.refresh_from_db()
    assert case.status == "closed"
    page = agent_client.post(f"/cases/{case.reference}/reopen/", follow=True).content.decode()
    assert "is open again" in page
    assert list(case.events.values_list("kind", flat=True))[-4:] == [
        "resolved", "closed", "archived", "reopened"]


# --- Approvals and notifications ------------------------------------------------------------

def test_an_expensive_remedy_waits_and_the_manager_approves_it(
    agent_client, manager_client, agent, case, mailoutbox, django_capture_on_commit_callbacks
):
    response = agent_client.post(step_url(case, "restore_value"), form_data(
        "restore_value", cost="300.00"), follow=True)
    assert "above your approval limit" in response.content.decode()
    assert "Waiting for a manager" in response.content.decode()
    assert agent_client.get("/approvals/").status_code == 403
    page = manager_client.get("/approvals/").content.decode()
    assert case.reference in page and "300.00" in page and "Approve remedy" in page
    approval = RemedyApproval.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(f"/approvals/{approval.pk}/approve/", {"note": "Go ahead."})
    case.refresh_from_db()
    assert case.stage == "acknowledge"
    assert [m.to for m in mailoutbox] == [[agent.email]]
    inbox = agent_client.get("/notifications/").content.decode()
    assert "Remedy approved" in inbox and "Go ahead." in inbox
    assert agent_client.get("/cases/").context["unread_notifications"] == 1
    agent_client.post("/notifications/read/")
    assert not Notification.objects.filter(recipient=agent).unread().exists()


def test_declining_needs_a_note(client, agent, manager, case):
    flow.complete_step(case, "restore_value", {**GOOD["restore_value"],
                                               "cost": Decimal("300")}, by=agent)
    approval = RemedyApproval.objects.get()
    client.force_login(manager)
    page = client.post(f"/approvals/{approval.pk}/decline/", {"note": ""},
                       follow=True).content.decode()
    assert "Tell the agent why" in page
    client.post(f"/approvals/{approval.pk}/decline/", {"note": "Too much for a vase."})
    approval.refresh_from_db()
    assert approval.status == "declined"


def test_managers_edit_the_message_template(agent_client, manager_client, agent, case):
    assert agent_client.get("/apologies/template/").status_code == 403
    client = manager_client
    bad = client.post("/apologies/template/", {
        "subject": "Sorry {{ customer_email }}", "greeting": "Hello {{ customer_name }},",
        "sign_off": "{{ agent_name }}", "organisation": "Vase & Co"})
    assert "Unknown placeholder: customer_email." in bad.content.decode()
    client.post("/apologies/template/", {
        "subject": "Our apology, {{ customer_name }}", "greeting": "Hello {{ customer_name }},",
        "sign_off": "Warmly,\n{{ agent_name }}, {{ organisation }}", "organisation": "Vase & Co"})
    assert MessageTemplate.current().organisation == "Vase & Co"
    complete(case, by=agent)
    message = flow.send_apology(case, by=agent)
    assert message.subject == f"Our apology, {case.customer.name}"
    assert message.text.startswith(f"Hello {case.customer.name},")
    assert "Alex Agent, Vase & Co" in message.text


def test_case_page_queries_do_not_grow_with_the_apology(
    agent_client, agent, case, django_assert_max_num_queries
):
    complete(case, by=agent)
    agent_client.get(case.get_absolute_url())
    # as tests/cases/test_case_page_cost.py pins it, with every step written
    from ..cases.test_case_page_cost import CASE_PAGE_QUERIES

    with django_assert_max_num_queries(CASE_PAGE_QUERIES):
        response = agent_client.get(case.get_absolute_url())
    assert response.status_code == 200


def test_superusers_keep_root_causes_and_read_approvals_in_the_admin(root_client, agent_client,
                                                                     manager_client):
    for path in ["/admin/apologies/rootcause/", "/admin/apologies/remedyapproval/",
                 "/admin/apologies/apologymessage/", "/admin/apologies/messagetemplate/1/change/",
                 "/admin/cases/commitment/"]:
        assert root_client.get(path).status_code == 200, path
    assert root_client.get("/admin/apologies/remedyapproval/add/").status_code == 403
    for desk in (agent_client, manager_client):  # the admin is superusers' only
        assert desk.get("/admin/apologies/rootcause/").status_code == 302


def test_a_commitment_is_marked_kept_from_the_case_page(agent_client, agent, case):
    from cases import work
    from cases.models import Reminder

    due = timezone.now() + timedelta(days=2)
    commitment = work.add_commitment(case, "Send the spare part", due, by=agent)
    assert "Mark kept" in agent_client.get(case.get_absolute_url()).content.decode()
    page = agent_client.post(f"/cases/{case.reference}/commitments/{commitment.pk}/kept/",
                             follow=True).content.decode()
    assert "Kept: Send the spare part" in page
    commitment.refresh_from_db()
    assert commitment.kept_at is not None
    assert not Reminder.objects.filter(commitment=commitment).pending().exists()


# --- While a remedy waits: the page goes on, only sending waits -----------------------------

def test_while_the_remedy_waits_the_page_offers_the_next_step_and_blocks_send(
    agent_client, agent, case
):
    flow.complete_step(case, "restore_value", {**GOOD["restore_value"],
                                               "cost": Decimal("300")}, by=agent)
    response = agent_client.get(case.get_absolute_url())
    page = response.content.decode()
    assert [s["state"] for s in response.context["steps"]] == [
        "waiting_for_approval", "next", "todo", "todo", "todo"]
    assert "Waiting for approval" in page and "Go on with the other steps" in page
    assert f'action="{step_url(case, "acknowledge")}"' in page
    complete(case, "acknowledge", "explain", "fix", "regret", by=agent)
    page = agent_client.get(case.get_absolute_url()).content.decode()
    assert "Preview and send" not in page and ">Preview</a>" in page
    preview = agent_client.get(f"/cases/{case.reference}/apology/preview/").content.decode()
    assert "waiting for a manager" in preview
    assert 'type="submit" disabled' in preview
    assert GOOD["restore_value"]["content"] in preview  # the remedy as proposed
    refused = agent_client.post(f"/cases/{case.reference}/apology/send/", follow=True)
    assert "waiting for a manager" in refused.content.decode()
    assert not case.events.filter(kind="apology_sent").exists()


def test_a_declined_remedy_shows_the_note_at_step_one(agent_client, agent, manager, case):
    approval = flow.complete_step(case, "restore_value", {
        **GOOD["restore_value"], "cost": Decimal("300")}, by=agent).approval
    complete(case, "acknowledge", "explain", by=agent)
    flow.decline_remedy(approval, by=manager, note="Offer a replacement vase instead.")
    response = agent_client.get(case.get_absolute_url())
    page = response.content.decode()
    assert [s["state"] for s in response.context["steps"]] == [
        "next", "done", "done", "todo", "todo"]
    assert "Remedy declined" in page and "Offer a replacement vase instead." in page
    assert page.index("Offer a replacement vase") < page.index(
        f'action="{step_url(case, "restore_value")}"')
    assert f'href="{step_url(case, "explain")}"' not in page  # no edits before step 1 again
    step_page = agent_client.get(step_url(case, "restore_value")).content.decode()
    assert "Offer a replacement vase instead." in step_page
