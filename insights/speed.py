"""How fast cases move: opened and resolved per week, first-response and resolution times
against the SLA targets, and where cases stall between the apology's steps."""

from django.db.models import Case as Switch
from django.db.models import (
    Count,
    DateTimeField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    FloatField,
    Q,
    Value,
    When,
)
from django.db.models.functions import TruncWeek

from apologies.flow import STEP_KEYS
from apologies.models import ApologyMessage, ApologyStep
from cases.choices import SEVERITY_RANK, STEPS, Severity, Stage, Status
from cases.models import SlaTarget

from .charts import Series, bar_chart, week_chart
from .figures import Figure, hours, percent, week_of
from .sql import Hours, median, p90


def by_week(queryset, field: str, **aggregates) -> dict:
    """{Monday: {aggregate: value}} for the rows of `queryset`, grouped by the week of
    `field`."""
    rows = queryset.annotate(week=TruncWeek(field)).values("week").annotate(**aggregates)
    return {week_of(row.pop("week")): row for row in rows}


def _opened_resolved(weeks, opened, resolved) -> Figure:
    opened_n = [opened.get(week, {}).get("cases", 0) for week in weeks]
    resolved_n = [resolved.get(week, {}).get("n", 0) for week in weeks]
    return Figure(
        "opened-resolved", "Cases opened and resolved", "Is the desk keeping up, week by week?",
        ["Week", "Opened", "Resolved"],
        [[week, o, r] for week, o, r in zip(weeks, opened_n, resolved_n, strict=True)],
        chart=week_chart(weeks, bars=[Series("Opened", opened_n, "s1"),
                                      Series("Resolved", resolved_n, "s2")], counts=True),
    )


def _timing(now):
    """Median, 90th percentile and compliance of both SLA clocks, for a group of cases.
    A clock counts towards compliance once it was met or its target has passed."""
    respond = Hours(F("first_responded_at"), F("created_at"))
    # The time a question waited on the customer's answer is theirs, not ours (the
    # resolution target moved on by it too: `conversation.clock`).
    resolve = ExpressionWrapper(Hours(F("resolved_at"), F("created_at"))
                                - F("waiting_minutes") / Value(60.0), output_field=FloatField())
    return {
        "cases": Count("id"),
        "responded": Count("first_responded_at"),
        "respond_median": median(respond), "respond_p90": p90(respond),
        "respond_met": Count("id", filter=Q(first_responded_at__lte=F("first_response_due_at"))),
        "respond_due": Count("id", filter=Q(first_responded_at__isnull=False)
                             | Q(first_response_due_at__lt=now)),
        "resolved": Count("resolved_at"),
        "resolve_median": median(resolve), "resolve_p90": p90(resolve),
        "resolve_met": Count("id", filter=Q(resolved_at__lte=F("resolution_due_at"))),
        "resolve_due": Count("id", filter=Q(resolved_at__isnull=False)
                             | Q(resolution_due_at__lt=now)),
    }


def weekly(scope, period, now):
    """Cases opened and resolved, and both clocks, week by week. The cases opened in the
    period are read once for all three figures: the week's count opened is the clocks'
    `cases` (a second pass only to count them cost as much again at a million cases)."""
    weeks = period.weeks()
    in_period = scope.cases().filter(created_at__gte=period.start, created_at__lt=period.end)
    rows = by_week(in_period, "created_at", **_timing(now))
    # Count("*"), which needs no column of the case: PostgreSQL counts from the resolved_at
    # index alone (case_resolved_idx, an index-only scan) instead of visiting each case.
    resolved = by_week(scope.cases().filter(resolved_at__gte=period.start,
                                            resolved_at__lt=period.end), "resolved_at",
                       n=Count("*"))
    figures = [_opened_resolved(weeks, rows, resolved)]
    for clock, title, about, done in (
        ("respond", "First response", "How long customers wait for our first answer "
         "(cases by the week they were opened).", "Responded"),
        ("resolve", "Resolution", "How long until the customer is made whole, not counting "
         "time waiting on their answer (cases by the week they were opened).", "Resolved"),
    ):
        table, medians, p90s = [], [], []
        for week in weeks:
            row = rows.get(week, {})
            med, high = hours(row.get(f"{clock}_median")), hours(row.get(f"{clock}_p90"))
            medians.append(med)
            p90s.append(high)
            table.append([week, row.get("cases", 0), row.get("responded" if clock == "respond"
                                                             else "resolved", 0),
                          med, high, percent(row.get(f"{clock}_met", 0),
                                             row.get(f"{clock}_due", 0))])
        figures.append(Figure(
            "first-response" if clock == "respond" else "resolution", f"{title} time", about,
            ["Week", "Cases opened", done, "Median hours", "90th percentile hours",
             "Within target %"],
            table,
            chart=week_chart(weeks, bars=[Series("Median", medians, "s1")],
                             lines=[Series("90th percentile", p90s, "s3")], unit=" h"),
        ))
    return figures


def sla(scope, period, now):
    in_period = scope.cases().filter(created_at__gte=period.start, created_at__lt=period.end)
    rows = {row.pop("severity"): row
            for row in in_period.values("severity").annotate(**_timing(now))}
    targets = {target.severity: (target.first_response_minutes, target.resolution_minutes)
               for target in SlaTarget.objects.all()}
    table = []
    for severity in sorted(Severity, key=SEVERITY_RANK.get, reverse=True):
        respond, resolve = targets.get(severity) or SlaTarget.FALLBACK[severity]
        row = rows.get(severity.value, {})
        table.append([
            severity.label, row.get("cases", 0),
            round(respond / 60, 1), hours(row.get("respond_median")),
            hours(row.get("respond_p90")), percent(row.get("respond_met", 0),
                                                   row.get("respond_due", 0)),
            round(resolve / 60, 1), hours(row.get("resolve_median")),
            hours(row.get("resolve_p90")), percent(row.get("resolve_met", 0),
                                                   row.get("resolve_due", 0)),
        ])
    return [Figure(
        "sla", "Against the SLA targets", "Per severity: the targets, what we achieved, and "
        "the share of cases within target (cases opened in the period).",
        ["Severity", "Cases opened", "Response target h", "Median h", "P90 h",
         "Within target %", "Resolution target h", "Median h", "P90 h", "Within target %"],
        table, chart_kind="bars", wide=True,
        chart=bar_chart([row[0] for row in table],
                        [Series("First response within target", [r[5] for r in table], "s1"),
                         Series("Resolution within target", [r[9] for r in table], "s2")],
                        unit="%", top=100),
    )]


def _with_steps(queryset, *keys):
    """Join each step of `keys` of the same case (`step_<key>`): one hash join per key,
    where a correlated subquery per row took seconds over two years of steps."""
    return queryset.annotate(**{
        f"step_{key}": FilteredRelation("case__steps", condition=Q(case__steps__key=key))
        for key in keys})


def _step_started():
    """When work on a step began: the case's opening for the first step, else the
    completion of the step before it (steps complete in order)."""
    return Switch(
        When(key=STEP_KEYS[0], then=F("case__created_at")),
        *[When(key=key, then=F(f"step_{before}__completed_at"))
          for before, key in zip(STEP_KEYS, STEP_KEYS[1:], strict=False)],
        output_field=DateTimeField(),
    )


def stalls(scope, period, now):
    completed = _with_steps(scope.through_case(ApologyStep.objects.filter(
        completed_at__gte=period.start, completed_at__lt=period.end)), *STEP_KEYS[:-1])
    waited = Hours(F("completed_at"), _step_started())
    steps = {row.pop("key"): row for row in completed.values("key").annotate(
        done=Count("id"), median=median(waited), p90=p90(waited))}
    # Ready but not sent is a stall too: from the last step to the apology leaving.
    sending = Hours(F("sent_at"), F(f"step_{Stage.REGRET}__completed_at"))
    steps[Stage.READY] = _with_steps(scope.through_case(ApologyMessage.objects.filter(
        sent_at__gte=period.start, sent_at__lt=period.end)), Stage.REGRET).aggregate(
        done=Count("id"), median=median(sending), p90=p90(sending))
    waiting = dict(scope.cases().filter(status=Status.OPEN).values("stage")
                   .annotate(n=Count("id")).values_list("stage", "n"))
    table = []
    for stage in [*STEPS, Stage.READY]:
        row = steps.get(stage, {})
        label = "Sending (all five done)" if stage == Stage.READY else stage.label
        table.append([label, row.get("done", 0), hours(row.get("median")),
                      hours(row.get("p90")), waiting.get(stage.value, 0)])
    return [Figure(
        "stalls", "Where cases stall", "Hours from the previous step (or the case's opening) "
        "to each step's completion, for steps completed in the period; and the open cases "
        "waiting at each step now.",
        ["Step", "Completed", "Median hours", "90th percentile hours", "Open cases waiting now"],
        table, chart_kind="bars",
        chart=bar_chart([row[0] for row in table],
                        [Series("Median", [r[2] for r in table], "s1"),
                         Series("90th percentile", [r[3] for r in table], "s3")], unit=" h"),
    )]


PRODUCERS = [
    (weekly, ["opened-resolved", "first-response", "resolution"]),
    (stalls, ["stalls"]),
    (sla, ["sla"]),  # wide: after an even number of half-width figures
]
