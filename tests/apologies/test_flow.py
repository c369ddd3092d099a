"""The apology flow's rules (apologies.flow), called as the views and the API call them."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from apologies import flow
from apologies.flow import approvals
from apologies.models import ApologyMessage, ApologyStep, RemedyApproval, RootCause
from cases.models import Case, Notification
from conversation import delivery
from conversation.models import Message
from recovery.errors import Conflict, NotAllowed

from ..factories import CaseFactory
from .steps import GOOD, complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(agent):
    return CaseFactory(by=agent, assignee=agent, customer=_customer())


def _customer():
    from cases.intake import CustomerDetails

    return CustomerDetails(email="ines@example.fr", name="Inès Moreau")


def kinds(case):
    return list(case.events.values_list("kind", flat=True))


def test_steps_complete_in_order_and_the_stage_follows(case, agent):
    flow.complete_step(case, "restore_value", dict(GOOD["restore_value"]), by=agent)
    case.refresh_from_db()
    assert case.stage == "acknowledge"
    complete(case, "acknowledge", "explain", "fix", "regret", by=agent)
    assert case.stage == "ready"
    assert kinds(case).count("step_completed") == 5
    step = ApologyStep.objects.get(case=case, key="restore_value")
    assert (step.remedy_type, step.cost, step.currency) == ("refund", Decimal("45.00"), "EUR")


def test_regret_before_restore_is_refused_naming_the_first_step(case, agent):
    with pytest.raises(flow.StepOutOfOrder) as refused:
        flow.complete_step(case, "regret", dict(GOOD["regret"]), by=agent)
    assert refused.value.extra == {"step": "restore_value"}
    assert "Restore lost value" in refused.value.message
    assert not ApologyStep.objects.filter(case=case).exists()
    assert "step_completed" not in kinds(case)


def test_a_completed_step_can_be_edited_until_sent(case, agent):
    complete(case, "restore_value", "acknowledge", by=agent)
    flow.complete_step(case, "acknowledge", {"content": "I got this wrong and I am "
                                             "responsible for it."}, by=agent)
    step = ApologyStep.objects.get(case=case, key="acknowledge")
    assert step.content.startswith("I got this wrong")
    assert kinds(case)[-1] == "step_edited"
    case.refresh_from_db()
    assert case.stage == "explain"  # editing does not move the stage
    complete(case, "explain", "fix", "regret", by=agent)
    flow.send_apology(case, by=agent)
    with pytest.raises(Conflict, match="already sent"):
        flow.complete_step(case, "acknowledge", dict(GOOD["acknowledge"]), by=agent)


def test_banned_language_blocks_the_step_and_writes_nothing(case, agent):
    complete(case, "restore_value", by=agent)
    with pytest.raises(flow.LexiconBlocked) as blocked:
        flow.complete_step(
            case, "acknowledge",
            {"content": "We made a mistake, but it's our policy to ship in plain boxes."},
            by=agent,
        )
    assert [f.text for f in blocked.value.findings] == ["it's our policy"]
    assert not ApologyStep.objects.filter(case=case, key="acknowledge").exists()


def test_blame_on_the_courier_blocks_the_acknowledgement(case, agent):
    complete(case, "restore_value", by=agent)
    with pytest.raises(flow.LexiconBlocked):
        flow.complete_step(case, "acknowledge", {"content": "We are responsible, although "
                                                 "the courier damaged the parcel."}, by=agent)


def test_caution_findings_warn_but_complete(case, agent):
    outcome = flow.complete_step(case, "restore_value", {
        **GOOD["restore_value"],
        "content": "We refunded you in full. Did you keep the packaging?",
    }, by=agent)
    assert outcome.step.is_complete
    assert [f.kind for f in outcome.findings] == ["caution"]


def test_the_step_completed_event_keeps_the_findings(case, agent):
    flow.complete_step(case, "restore_value", {
        **GOOD["restore_value"],
        "content": "We refunded you in full. Did you keep the packaging?",
    }, by=agent)
    flow.complete_step(case, "acknowledge", GOOD["acknowledge"], by=agent)
    events = case.events.filter(kind="step_completed").order_by("id")
    probing, clean = (event.data["findings"] for event in events)
    assert [(f["kind"], f["category"], f["text"]) for f in probing] == [
        ("caution", "dypii", "Did you keep the packaging?")]
    assert clean == []


def test_root_cause_and_commitments_are_recorded(case, agent, other_agent):
    complete(case, "restore_value", "acknowledge", by=agent)
    flow.complete_step(case, "explain", {**GOOD["explain"],
                                         "root_cause": RootCause.objects.get(slug="process")},
                       by=agent)
    due = timezone.now() + timedelta(days=7)
    flow.complete_step(case, "fix", {**GOOD["fix"], "commitments": [
        {"description": "Audit the fragile-items shelf", "due_at": due, "owner": other_agent},
        {"description": "Call the customer back", "due_at": due, "owner": None},
    ]}, by=agent)
    assert ApologyStep.objects.get(case=case, key="explain").root_cause.slug == "process"
    owners = list(case.commitments.values_list("description", "owner__email"))
    assert owners == [("Audit the fragile-items shelf", other_agent.email),
                      ("Call the customer back", agent.email)]
    assert kinds(case).count("commitment_added") == 2


def test_an_integration_key_cannot_complete_steps(case, integration_key):
    with pytest.raises(NotAllowed):
        flow.complete_step(case, "restore_value", dict(GOOD["restore_value"]),
                           by=integration_key[0])


# --- Approval -----------------------------------------------------------------------------

def expensive():
    return {**GOOD["restore_value"], "cost": Decimal("500.00"),
            "content": "We will replace the vase with the hand-made edition."}


def test_a_remedy_within_the_limit_completes_at_once(case, agent, settings):
    settings.APPROVAL_LIMIT = Decimal("45.00")
    outcome = flow.complete_step(case, "restore_value", dict(GOOD["restore_value"]), by=agent)
    assert not outcome.waiting_for_approval and outcome.step.is_complete


def test_a_remedy_above_the_limit_waits_for_a_manager_and_the_agent_goes_on(case, agent):
    outcome = flow.complete_step(case, "restore_value", expensive(), by=agent)
    assert outcome.waiting_for_approval
    assert outcome.step is None
    case.refresh_from_db()
    assert case.stage == "acknowledge"  # the remedy is proposed: the order of writing moves on
    assert kinds(case)[-1] == "approval_requested"
    with pytest.raises(flow.StepOutOfOrder, match="Acknowledge"):
        flow.complete_step(case, "explain", dict(GOOD["explain"]), by=agent)
    assert flow.complete_step(case, "acknowledge", dict(GOOD["acknowledge"]),
                              by=agent).step.is_complete


def test_the_per_user_limit_overrides_the_default(case, agent):
    agent.approval_limit = Decimal("1000")
    agent.save()
    outcome = flow.complete_step(case, "restore_value", expensive(), by=agent)
    assert outcome.step.is_complete


def test_a_manager_approves_and_the_agent_is_told(
    case, agent, manager, mailoutbox, django_capture_on_commit_callbacks
):
    approval = flow.complete_step(case, "restore_value", expensive(), by=agent).approval
    with django_capture_on_commit_callbacks(execute=True):
        approvals.approve_remedy(approval, by=manager, note="Worth it for an anniversary.")
    step = ApologyStep.objects.get(case=case, key="restore_value")
    assert step.cost == Decimal("500.00") and step.completed_by == agent
    case.refresh_from_db()
    assert case.stage == "acknowledge"
    notification = Notification.objects.get(recipient=agent)
    assert "approved" in notification.subject and case.reference in notification.subject
    assert [m.to for m in mailoutbox] == [[agent.email]]
    assert "Worth it for an anniversary." in mailoutbox[0].body


def test_a_manager_declines_with_a_note_and_the_agent_proposes_another(
    case, agent, manager, mailoutbox, django_capture_on_commit_callbacks
):
    approval = flow.complete_step(case, "restore_value", expensive(), by=agent).approval
    with pytest.raises(Exception, match="why"):
        approvals.decline_remedy(approval, by=manager, note=" ")
    with django_capture_on_commit_callbacks(execute=True):
        approvals.decline_remedy(approval, by=manager, note="Offer a replacement instead.")
    assert not ApologyStep.objects.filter(case=case).exists()
    assert "declined" in mailoutbox[0].subject
    outcome = flow.complete_step(case, "restore_value", dict(GOOD["restore_value"]), by=agent)
    assert outcome.step.is_complete


def test_only_a_manager_decides_and_only_once(case, agent, other_agent, manager):
    approval = flow.complete_step(case, "restore_value", expensive(), by=agent).approval
    with pytest.raises(NotAllowed):
        approvals.approve_remedy(approval, by=other_agent)
    approvals.approve_remedy(approval, by=manager)
    with pytest.raises(Conflict, match="already approved"):
        approvals.decline_remedy(approval, by=manager, note="Changed my mind")


def test_a_new_proposal_withdraws_the_waiting_one(case, agent, manager):
    flow.complete_step(case, "restore_value", expensive(), by=agent)
    flow.complete_step(case, "restore_value", dict(GOOD["restore_value"]), by=agent)
    assert list(RemedyApproval.objects.values_list("status", flat=True)) == ["withdrawn"]


def test_a_manager_s_own_remedy_never_waits(case, manager):
    assert flow.complete_step(case, "restore_value", expensive(), by=manager).step.is_complete


# --- Sending ------------------------------------------------------------------------------

def test_send_needs_all_five_steps(case, agent):
    complete(case, "restore_value", "acknowledge", by=agent)
    with pytest.raises(flow.StepOutOfOrder, match="Explain the problem"):
        flow.send_apology(case, by=agent)


def test_send_composes_the_five_parts_in_order_and_emails_the_customer_once(
    case, agent, mailoutbox, django_capture_on_commit_callbacks
):
    complete(case, by=agent)
    with django_capture_on_commit_callbacks(execute=True):
        message = flow.send_apology(case, by=agent)
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["ines@example.fr"]
    assert email.body.startswith("Dear Inès Moreau,")
    positions = [email.body.index(GOOD[key]["content"]) for key in flow.STEP_KEYS]
    assert positions == sorted(positions)
    assert "Alex Agent" in email.body  # the sign-off names the agent
    html = email.alternatives[0][0]
    assert "Dear Inès Moreau," in html and GOOD["regret"]["content"] in html
    case.refresh_from_db()
    assert (case.status, case.stage) == ("apology_sent", "sent")
    assert case.first_responded_at >= message.sent_at  # when the email left
    assert kinds(case)[-2:] == ["apology_sent", "apology_delivered"]
    sent = Message.objects.get(case=case, kind="apology")
    assert delivery.deliver(sent.pk) is False  # a task run twice sends nothing more
    assert len(mailoutbox) == 1
    with pytest.raises(Conflict, match="already sent"):
        flow.send_apology(case, by=agent)


def test_customer_text_is_escaped_in_the_html_email(case, agent):
    complete(case, "restore_value", by=agent)
    flow.complete_step(case, "acknowledge", {"content": "We made a mistake <script>x</script>"
                                             " and it is our responsibility."}, by=agent)
    complete(case, "explain", "fix", "regret", by=agent)
    message = flow.send_apology(case, by=agent)
    assert "<script>" not in message.html and "&lt;script&gt;" in message.html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_sends_send_one_apology(agent):
    case = complete(CaseFactory(by=agent, assignee=agent), by=agent)
    barrier, results = threading.Barrier(2), []

    def send():
        try:
            barrier.wait()
            flow.send_apology(case, by=agent)
            results.append("sent")
        except Conflict:
            results.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["conflict", "sent"]
    assert ApologyMessage.objects.filter(case=case).count() == 1
    assert Case.objects.get(pk=case.pk).events.filter(kind="apology_sent").count() == 1


# --- Transitions --------------------------------------------------------------------------

def test_resolve_only_after_the_apology_is_sent(case, agent):
    with pytest.raises(Conflict, match="Send the apology"):
        flow.resolve(case, by=agent)
    complete(case, by=agent)
    flow.send_apology(case, by=agent)
    case = flow.resolve(case, by=agent, note="Customer confirmed the refund arrived.")
    assert case.status == "resolved" and case.resolved_at is not None
    event = case.events.last()
    assert (event.kind, event.from_value, event.to_value) == ("resolved", "apology_sent",
                                                              "resolved")


def test_close_only_from_resolved_and_reopen_from_anything_but_open(case, agent):
    with pytest.raises(Conflict, match="Only a resolved case"):
        flow.close(case, by=agent)
    with pytest.raises(Conflict, match="already open"):
        flow.reopen(case, by=agent)
    complete(case, by=agent)
    flow.send_apology(case, by=agent)
    with pytest.raises(Conflict):
        flow.close(case, by=agent)
    flow.resolve(case, by=agent)
    case = flow.close(case, by=agent)
    assert case.status == "closed" and case.closed_at is not None
    with pytest.raises(Conflict, match="closed case cannot be resolved"):
        flow.resolve(case, by=agent)
    case = flow.reopen(case, by=agent, note="The voucher did not work.")
    assert (case.status, case.resolved_at, case.closed_at) == ("open", None, None)
    assert flow.resolve(case, by=agent).status == "resolved"  # the apology was sent before
    assert kinds(case)[-5:] == ["resolved", "closed", "archived", "reopened", "resolved"]


def test_managers_are_told_when_a_remedy_waits(case, agent, manager):
    flow.complete_step(case, "restore_value", expensive(), by=agent)
    notification = Notification.objects.get(recipient=manager)
    assert notification.kind == "approval_requested" and "500.00" in notification.body


def test_rewording_an_approved_remedy_needs_no_second_approval(case, agent, manager):
    approval = flow.complete_step(case, "restore_value", expensive(), by=agent).approval
    approvals.approve_remedy(approval, by=manager)
    outcome = flow.complete_step(case, "restore_value", {
        **expensive(), "content": "We will replace the vase with the hand-made edition, "
                                  "delivered by Friday."}, by=agent)
    assert outcome.edited and not outcome.waiting_for_approval
    dearer = flow.complete_step(case, "restore_value", {**expensive(), "cost": Decimal("600")},
                                by=agent)
    assert dearer.waiting_for_approval


def test_a_withdrawn_proposal_is_on_the_timeline(case, agent):
    flow.complete_step(case, "restore_value", expensive(), by=agent)
    flow.complete_step(case, "restore_value", dict(GOOD["restore_value"]), by=agent)
    assert kinds(case)[-3:] == ["approval_requested", "approval_withdrawn", "step_completed"]


def test_a_manager_s_api_key_can_decide(case, agent, manager):
    from accounts.models import ApiKey

    key, _ = ApiKey.objects.create_key(name="Morgan's script", user=manager)
    approval = flow.complete_step(case, "restore_value", expensive(), by=agent).approval
    approvals.approve_remedy(approval, by=key)
    approval.refresh_from_db()
    assert approval.decided_by == manager
