"""The apology flow's endpoints: the five steps, sending, commitments and the case's
transitions. Each view fetches the case through `cases_for` (404 for another integration's
case), validates with a small input serializer, calls one flow function and renders. The
rules and their refusals are `flow`'s; `recovery.api.exception_handler` turns them into
409 / 422 / 403 answers.
"""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.actors import acting_as
from accounts.permissions import IsDeskUser, is_integration
from cases import promises, work
from cases.api import case_etag, cases_for
from cases.choices import Stage
from cases.models import Case
from cases.serializers import CaseSerializer
from recovery import idempotency
from recovery.errors import Conflict, NotAllowed

from . import flow, lexicon, remedy
from .commitment_serializers import CommitmentInputSerializer, CommitmentSerializer
from .flow import approvals
from .flow_serializers import (
    REMEDY_FIELDS,
    STEP_INPUTS,
    ApologySerializer,
    DecisionInputSerializer,
    ProposedCommitmentSerializer,
    StepBodySerializer,
    StepResultSerializer,
    TransitionInputSerializer,
)
from .models import ApologyMessage, RemedyApproval
from .serializers import ConfirmInputSerializer, FindingSerializer


def _refusal(description):
    return OpenApiResponse(description=description)


REFUSALS = {
    403: _refusal("An integration's key (or a user without a desk role)"),
    404: _refusal("No such case, or another integration's case"),
}


class CaseFlowView(APIView):
    permission_classes = [IsDeskUser]

    def get_case(self):
        """The case (404 for a stranger). An integration's key may read the apology of its
        own cases, but changing it is the work of a person at the desk: refused here,
        before the body is validated, so it gets the same 403 whatever it sends."""
        case = get_object_or_404(cases_for(self.request), reference=self.kwargs["reference"])
        if self.request.method not in SAFE_METHODS and is_integration(self.request):
            raise NotAllowed(
                "An integration's key cannot change the apology or the case's status; "
                "a person at the desk must."
            )
        return case

    def render_apology(self, case, extra=None, status_code=status.HTTP_200_OK):
        case.refresh_from_db()  # the flow changed it under a lock; show what it wrote
        body = ApologySerializer(load_apology(case)).data
        return Response({**body, **(extra or {})}, status=status_code)


class ApologyView(CaseFlowView):
    @extend_schema(
        responses={200: ApologySerializer, 404: REFUSALS[404]},
        summary="The apology: five steps, their state and findings, commitments, message",
        description="An integration's key reads how far the apology is (the steps' keys, "
                    "states and times, and when it was sent), as its webhooks tell it; the "
                    "texts, costs, approvals, findings, commitments and message are the "
                    "desk's.",
    )
    def get(self, request, reference):
        apology = load_apology(self.get_case())
        return Response(ApologySerializer(apology, context={"request": request}).data)


class StepView(CaseFlowView):
    @extend_schema(
        request=StepBodySerializer,
        parameters=[OpenApiParameter(
            "key", OpenApiTypes.STR, OpenApiParameter.PATH, enum=flow.STEP_KEYS,
            description="The step: restore_value, acknowledge, explain, fix, regret",
        ), idempotency.PARAMETER],
        responses={
            200: StepResultSerializer,
            202: OpenApiResponse(
                StepResultSerializer,
                description="The remedy's total cost (make whole + extra) is above your "
                "approval limit for the customer's tier: it waits for a manager",
            ),
            400: _refusal("Invalid fields"),
            **REFUSALS,
            409: _refusal("An earlier step is not written (`step` names it; a remedy "
                          "waiting for approval counts as written), or already sent"),
            422: _refusal("Banned language (`findings` lists it); nothing was saved"),
        },
        summary="Complete (or edit) a step",
    )
    @idempotency.idempotent
    def post(self, request, reference, key):
        case = self.get_case()
        if key not in STEP_INPUTS:
            raise NotFound(f"There is no step “{key}”.")
        incoming = STEP_INPUTS[key](data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        outcome = flow.complete_step(case, key, data, by=acting_as(request))
        findings = FindingSerializer(outcome.findings, many=True).data
        extra = {"findings_for_step": findings,
                 "warnings": remedy.warnings(data) if key == Stage.RESTORE_VALUE else []}
        if key == Stage.FIX:  # promises in the text not given as commitments: proposed
            extra["proposed_commitments"] = ProposedCommitmentSerializer(
                promises.proposed_for(case, incoming.validated_data["content"]), many=True).data
        return self.render_apology(
            case, extra,
            status.HTTP_202_ACCEPTED if outcome.waiting_for_approval else status.HTTP_200_OK,
        )


class ApprovalView(CaseFlowView):
    @extend_schema(
        request=DecisionInputSerializer,
        responses={200: ApologySerializer, 400: _refusal("Invalid fields, or no note to a "
                                                          "decline"),
                   403: _refusal("Not a manager (or an integration's key)"),
                   404: REFUSALS[404], 409: _refusal("No remedy waits for approval")},
        summary="A manager approves or declines the remedy waiting for approval",
    )
    def post(self, request, reference):
        case = self.get_case()
        by = acting_as(request)
        approvals.decider(by)  # an agent is told 403 before anything about the request
        incoming = DecisionInputSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        waiting = flow.Apology.load(case).pending
        note = incoming.validated_data["note"]
        if waiting is None:
            raise Conflict("No remedy waits for approval on this case.", code="nothing_waiting")
        if incoming.validated_data["decision"] == "approve":
            approvals.approve_remedy(waiting, by=by, note=note)
        else:
            approvals.decline_remedy(waiting, by=by, note=note)
        return self.render_apology(case)


class SendView(CaseFlowView):
    @extend_schema(
        request=ConfirmInputSerializer,
        responses={
            200: ApologySerializer, **REFUSALS,
            400: _refusal("Invalid `confirm`"),
            409: _refusal("A step is not written, a remedy waits for approval "
                          "(`awaiting_approval`), or already sent"),
            422: _refusal("The composed message has banned words (`lexicon_blocked`), or "
                          "caution findings not confirmed (`cautions_unconfirmed`): both list "
                          "`findings`; send again with the cautions' keys in `confirm`"),
        },
        parameters=[idempotency.PARAMETER],
        summary="Compose the apology and send it to the customer",
    )
    @idempotency.idempotent
    def post(self, request, reference):
        case = self.get_case()
        incoming = ConfirmInputSerializer(data=request.data or {})
        incoming.is_valid(raise_exception=True)
        flow.send_apology(case, by=acting_as(request),
                          confirmed=incoming.validated_data["confirm"])
        return self.render_apology(case)


class CommitmentsView(CaseFlowView):
    @extend_schema(
        responses={200: CommitmentSerializer(many=True), 403: REFUSALS[403],
                   404: REFUSALS[404]},
        summary="The case's commitments, soonest due first (people only)",
    )
    def get(self, request, reference):
        case = self.get_case()
        if is_integration(request):  # the desk's promises and their owners: not in webhooks
            raise NotAllowed("An integration's key cannot read a case's commitments.")
        commitments = case.commitments.select_related("owner")
        return Response(CommitmentSerializer(commitments, many=True).data)

    @extend_schema(
        request=CommitmentInputSerializer,
        responses={201: CommitmentSerializer, 400: _refusal("Invalid fields"), **REFUSALS},
        parameters=[idempotency.PARAMETER],
        summary="Make a commitment to the customer",
    )
    @idempotency.idempotent
    def post(self, request, reference):
        case = self.get_case()
        incoming = CommitmentInputSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        commitment = work.add_commitment(
            case, data["description"], data["due_at"], owner=data.get("owner"),
            by=acting_as(request),
        )
        return Response(CommitmentSerializer(commitment).data, status=status.HTTP_201_CREATED)


class TransitionView(CaseFlowView):
    move = None  # a flow function: (case, *, by, note) -> Case

    @extend_schema(
        request=TransitionInputSerializer,
        responses={
            200: CaseSerializer, 400: _refusal("Invalid fields"), **REFUSALS,
            409: _refusal("Not allowed from the case's status; or (resolve, close) a "
                          "commitment is neither kept nor released: `commitments` lists them"),
        },
    )
    def post(self, request, reference):
        case = self.get_case()
        incoming = TransitionInputSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        case = self.move(case, by=acting_as(request), note=incoming.validated_data["note"])
        case = cases_for(request).get(pk=case.pk)
        response = Response(CaseSerializer(case, context={"request": request}).data)
        response["ETag"] = case_etag(case)
        return response


@extend_schema_view(post=extend_schema(summary="Resolve the case (after the apology was sent)"))
class ResolveView(TransitionView):
    move = staticmethod(flow.resolve)


@extend_schema_view(post=extend_schema(summary="Close a resolved case"))
class CloseView(TransitionView):
    move = staticmethod(flow.close)


@extend_schema_view(post=extend_schema(summary="Reopen the case"))
class ReopenView(TransitionView):
    move = staticmethod(flow.reopen)


# --- Reading the apology in a fixed number of queries -------------------------------------


@dataclass
class ApologyBody:
    """What `ApologySerializer` renders; build it with `load_apology`."""

    case: Case
    next_step: str | None
    steps: list[dict]
    approval: RemedyApproval | None
    findings: dict
    commitments: list
    sent_at: object
    message: ApologyMessage | None


def load_apology(case: Case) -> ApologyBody:
    """The apology of `case` as the API shows it: `Apology.load` (three queries), the
    lexicon's phrases and the commitments, whatever the number of steps or phrases."""
    apology = flow.Apology.load(case)
    phrases = lexicon.active_phrases()
    findings = {row.key.value: lexicon.check(row.step.content, row.key, phrases)
                if row.step else [] for row in apology.states}
    message = apology.message
    return ApologyBody(
        case=case, next_step=apology.next_step.value if apology.next_step else None,
        steps=[_row(row) for row in apology.states], approval=apology.approval,
        findings=findings, commitments=list(case.commitments.select_related("owner")),
        sent_at=message.sent_at if message else None, message=message,
    )


def _row(row: flow.StepState) -> dict:
    step = row.step
    fields = {
        "key": row.key.value, "number": row.number, "label": row.label, "state": row.state,
        "content": step.content if step else "",
        "completed_at": step.completed_at if step else None,
        "completed_by": step.completed_by.email if step and step.completed_by else None,
        "root_cause": step.root_cause.slug if step and step.root_cause else None,
    }
    for name in REMEDY_FIELDS:
        value = getattr(step, name) if step else None
        fields[name] = None if value == "" else value  # blank text fields read as "not set"
    return fields
