"""One read model of a case's apology: `Apology.load(case)` answers, in three queries, every
question the case page, the API, an incident's run, the archive and the flow's own doors
ask of it — each step's state, the remedy waiting for a manager (or the one declined), the
message as sent, the next step, the case's stage, and what may happen now (with the reason
when not). Nothing else re-derives these.

The order of writing: a step may be written once every earlier step is *written*, that is
complete, or — for the remedy — proposed and waiting for a manager. So a remedy above the
agent's limit does not freeze the apology: the agent goes on to acknowledge, explain, fix
and regret; only sending waits for the decision. A declined remedy is no longer written:
the agent is back at step 1 (the later steps keep their text and stay complete).
"""

from dataclasses import dataclass
from functools import cached_property

from cases.choices import STEPS, Stage, Status
from recovery.errors import Conflict

from ..models import ApologyMessage, ApologyStep, ApprovalStatus, RemedyApproval
from .errors import StepOutOfOrder

DONE, NEXT, TODO, WAITING = "done", "next", "todo", "waiting_for_approval"


@dataclass(frozen=True)
class StepState:
    number: int
    key: Stage
    state: str  # done, next, todo or waiting_for_approval (the remedy only)
    step: ApologyStep | None  # the row: complete, a draft, or None

    @property
    def label(self) -> str:
        return self.key.label


def read_with_the_case(cases):
    """The case page reads the apology's message with the case (`cases.panels`)."""
    return cases.select_related("message__sent_by")


def _message_of(case) -> ApologyMessage | None:
    if type(case).message.is_cached(case):  # read with the case
        return getattr(case, "message", None)
    return ApologyMessage.objects.filter(case=case).select_related("sent_by").first()


class Apology:
    """A case's apology as it stands. Build it with `load`, or from rows already read under
    the case's lock (the flow's doors)."""

    def __init__(self, case, steps: dict, approval: RemedyApproval | None = None,
                 message: ApologyMessage | None = None):
        self.case = case
        self.steps = steps  # {key: ApologyStep}
        self.approval = approval  # the latest request for approval, pending or decided
        self.message = message  # the apology as sent, or None

    @classmethod
    def load(cls, case) -> "Apology":
        """Three queries, whatever the case holds: its steps, its latest approval, its
        message (two when the message was read with the case: `read_with_the_case`)."""
        steps = {step.key: step for step in ApologyStep.objects.filter(case=case)
                 .select_related("root_cause", "completed_by")}
        approval = (RemedyApproval.objects.filter(case=case)
                    .select_related("requested_by", "decided_by")
                    .order_by("-requested_at", "-id").first())
        return cls(case, steps, approval, _message_of(case))

    # --- facts ---------------------------------------------------------------------------

    @property
    def was_sent(self) -> bool:
        return self.message is not None

    @property
    def pending(self) -> RemedyApproval | None:
        """The remedy waiting for a manager, if one does."""
        approval = self.approval
        return approval if approval is not None and approval.is_pending else None

    @property
    def declined(self) -> RemedyApproval | None:
        """The declined remedy the agent must replace (its note says why): the latest
        decision, while step 1 is still not complete."""
        approval = self.approval
        if approval is None or approval.status != ApprovalStatus.DECLINED:
            return None
        return None if self.is_complete(Stage.RESTORE_VALUE) else approval

    def is_complete(self, key) -> bool:
        step = self.steps.get(key)
        return step is not None and step.is_complete

    def is_written(self, key) -> bool:
        """Complete, or (the remedy) proposed and waiting: enough for the order of writing."""
        return self.is_complete(key) or (key == Stage.RESTORE_VALUE and self.pending is not None)

    @cached_property
    def next_step(self) -> Stage | None:
        """The step to write next: the first not written; else the remedy while it waits
        (a decision, or another proposal, is what is left); None when all five are done."""
        for key in STEPS:
            if not self.is_written(key):
                return key
        return Stage.RESTORE_VALUE if self.pending is not None else None

    @property
    def stage(self) -> Stage:
        """What the case's `stage` says (the queue's step column, the API's `stage`)."""
        if self.was_sent:
            return Stage.SENT
        return self.next_step or Stage.READY

    @property
    def is_drafted_in_full(self) -> bool:
        """Every step written: the message can be previewed (with a waiting remedy's text)."""
        return all(self.is_written(key) for key in STEPS)

    def steps_for_message(self) -> dict:
        """The steps as the message would read now: a waiting remedy stands in for step 1."""
        pending = self.pending
        if pending is None:
            return self.steps
        remedy = ApologyStep(case=self.case, key=Stage.RESTORE_VALUE, content=pending.content,
                             remedy_type=pending.remedy_type, cost=pending.cost,
                             value_to_customer=pending.value_to_customer,
                             currency=pending.currency)
        return {**self.steps, Stage.RESTORE_VALUE: remedy}

    @cached_property
    def states(self) -> list[StepState]:
        rows = []
        for number, key in enumerate(STEPS, start=1):
            if key == Stage.RESTORE_VALUE and self.pending is not None:
                state = WAITING
            elif self.is_complete(key):
                state = DONE
            else:
                state = NEXT if key == self.next_step else TODO
            rows.append(StepState(number, key, state, self.steps.get(key)))
        return rows

    # --- what may happen next ------------------------------------------------------------

    def _already_sent(self) -> Conflict:
        return Conflict(
            f"The apology was already sent on {self.message.sent_at:%d %b %Y at %H:%M}.",
            code="already_sent",
        )

    @property
    def frozen_refusal(self) -> Exception | None:
        """Once sent, no step changes (nor its draft): the message is what the customer got."""
        if self.was_sent:
            return Conflict("The apology was already sent; its steps can no longer change.",
                            code="already_sent")
        return None

    def complete_refusal(self, key) -> Exception | None:
        """Why step `key` cannot be written (or edited) now, or None."""
        if self.was_sent:
            return self.frozen_refusal
        for earlier in STEPS[: STEPS.index(Stage(key))]:
            if not self.is_written(earlier):
                return StepOutOfOrder(earlier)
        return None

    def can_complete(self, key) -> bool:
        return self.complete_refusal(key) is None

    @property
    def send_refusal(self) -> Exception | None:
        if self.was_sent:
            return self._already_sent()
        unwritten = next((key for key in STEPS if not self.is_written(key)), None)
        if unwritten is not None:
            return StepOutOfOrder(unwritten)
        if self.pending is not None:
            return Conflict("A remedy is waiting for a manager's approval: the apology can "
                            "be sent once it is decided.", code="awaiting_approval")
        return None

    @property
    def can_send(self) -> bool:
        return self.send_refusal is None

    @property
    def resolve_refusal(self) -> Exception | None:
        status = self.case.status
        if status in (Status.RESOLVED, Status.CLOSED):
            return _not_allowed(
                f"A {self.case.get_status_display().lower()} case cannot be resolved.")
        if not self.was_sent:
            return _not_allowed("Send the apology before resolving the case.")
        return None

    @property
    def close_refusal(self) -> Exception | None:
        if self.case.status != Status.RESOLVED:
            return _not_allowed("Only a resolved case can be closed; this one is "
                                f"{self.case.get_status_display().lower()}.")
        return None

    @property
    def reopen_refusal(self) -> Exception | None:
        if self.case.status == Status.OPEN:
            return _not_allowed("The case is already open.")
        return None

    can_resolve = property(lambda self: self.resolve_refusal is None)
    can_close = property(lambda self: self.close_refusal is None)
    can_reopen = property(lambda self: self.reopen_refusal is None)


def _not_allowed(message) -> Conflict:
    return Conflict(message, code="transition_not_allowed")
