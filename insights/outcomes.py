"""What the recovery cost and achieved: remedies against their value to the customer,
survey scores against the organisation's baseline (the recovery paradox), the failures
behind the cases and their trend, the customers we keep failing, and the language the
lexicon warned about."""

from decimal import Decimal

from django.conf import settings
from django.db.models import Avg, Count, F, IntegerField, Max, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from apologies.models import ApologyStep, PhraseCategory, RemedyType
from cases.choices import Stage
from cases.models import Case, CaseEvent, Category, Survey

from .charts import Series, bar_chart, week_chart
from .figures import Figure, Link, percent
from .speed import by_week
from .sql import FindingsCount

TOP = 10  # rows of the trend figures
AT_RISK_ON_PAGE = 25
AT_RISK_IN_CSV = 10_000


def remedies(scope, period, now):
    given = scope.through_case(ApologyStep.objects.filter(
        key=Stage.RESTORE_VALUE, completed_at__gte=period.start, completed_at__lt=period.end))
    # Both parts of each remedy: make whole and the extra (what it cost us in all, what it
    # was worth to the customer in all); grouped by the make-whole type.
    nothing = Value(Decimal(0))
    rows = given.values("remedy_type", "currency").annotate(
        n=Count("id"), with_extra=Count("id", filter=~Q(extra_type="")),
        cost=Sum(Coalesce("cost", nothing) + Coalesce("extra_cost", nothing)),
        value=Sum(Coalesce("value_to_customer", nothing)
                  + Coalesce("extra_value_to_customer", nothing)),
    ).order_by("-value", "remedy_type")
    labels = dict(RemedyType.choices)
    table = []
    for row in rows:
        cost, value = row["cost"] or Decimal(0), row["value"] or Decimal(0)
        ratio = round(float(value / cost), 2) if cost else None
        table.append([labels.get(row["remedy_type"], row["remedy_type"] or "—"),
                      row["currency"], row["n"], row["with_extra"], cost, value, ratio])
    names = [f"{row[0]} ({row[1]})" for row in table]
    return [Figure(
        "remedies", "Remedy cost against value to the customer", "Something extra of high "
        "value to the customer and low cost to us: the value returned for each unit spent, "
        "per remedy type (remedies given in the period; cost and value count the extra too).",
        ["Remedy", "Currency", "Remedies", "With an extra", "Cost to us",
         "Value to the customer", "Value per unit of cost"],
        table, chart_kind="bars",
        chart=bar_chart(names, [Series("Cost to us", [float(r[4]) for r in table], "s4"),
                                Series("Value to the customer", [float(r[5]) for r in table],
                                       "s2")]),
    )]


def surveys(scope, period, now):
    weeks = period.weeks()
    answered = scope.through_case(Survey.objects.filter(
        answered_at__gte=period.start, answered_at__lt=period.end, csat__isnull=False))
    rows = by_week(answered, "answered_at", n=Count("id"), csat_sum=Sum("csat"),
                   average=Avg("csat"), recommend=Avg("nps"),
                   satisfied=Count("id", filter=Q(csat__gte=4)),
                   promoters=Count("id", filter=Q(nps__gte=9)),
                   detractors=Count("id", filter=Q(nps__lte=6)))
    baseline = settings.INSIGHTS_BASELINE_CSAT
    table, scores = [], []
    for week in weeks:
        row = rows.get(week, {})
        score = round(row["average"], 2) if row.get("average") is not None else None
        scores.append(score)
        table.append([week, row.get("n", 0), score,
                      round(row["recommend"], 1) if row.get("recommend") is not None else None,
                      percent(row.get("satisfied", 0), row.get("n", 0))])
    answers = sum(row["n"] for row in rows.values())
    figure = Figure(
        "surveys", "Survey scores after recovery", "Are recovered customers happier than "
        f"average? Their satisfaction (1–5) against the organisation's baseline of "
        f"{baseline:.1f}, by the week they answered.",
        ["Week", "Answers", "Average satisfaction (1–5)", "Average recommend (0–10)",
         "Satisfied (4–5) %"],
        table,
        chart=week_chart(weeks, bars=[Series("Average satisfaction", scores, "s2")],
                         reference=(f"Baseline {baseline:.1f}", float(baseline)), top=5),
    )
    if answers:
        average = sum(row["csat_sum"] for row in rows.values()) / answers
        promoters = sum(row["promoters"] for row in rows.values())
        detractors = sum(row["detractors"] for row in rows.values())
        gap = average - float(baseline)
        verdict = ("above the baseline: the recovery paradox at work" if gap > 0.05
                   else "below the baseline: recovery is not yet winning them back"
                   if gap < -0.05 else "level with the baseline")
        figure.summary = (
            f"Recovered customers scored {average:.2f} on average ({answers} answer"
            f"{'s' if answers != 1 else ''}), {abs(gap):.2f} {verdict}. "
            f"Net promoter score {percent(promoters - detractors, answers):+.0f}."
        )
    else:
        figure.summary = "No survey answers in this period yet."
    return [figure]


def _trend(queryset, name_field: str, when_field: str, period):
    """Rows counted in this period and in the equal period before it, by `name_field`."""
    both = queryset.filter(**{f"{when_field}__gte": period.previous.start,
                              f"{when_field}__lt": period.end})
    rows = both.values(name=F(name_field)).annotate(
        now=Count("id", filter=Q(**{f"{when_field}__gte": period.start})),
        before=Count("id", filter=Q(**{f"{when_field}__lt": period.start})),
    ).order_by("-now", "-before", "name")[:TOP]
    return [[row["name"], row["now"], row["before"], row["now"] - row["before"],
             percent(row["now"] - row["before"], row["before"])] for row in rows]


def _categories(scope, period):
    """`_trend`'s rows for the cases opened, by category. Each category's count is one
    range of the index on (category, created_at) (case_category_idx), read without
    visiting the cases; grouping the cases of both periods visited every one of them
    (230,000 at a million cases). Categories of one name make one row, as before."""

    def opened(start, end):
        return Coalesce(Subquery(
            scope.cases().filter(category=OuterRef("pk"), created_at__gte=start,
                                 created_at__lt=end)
            .values("category").annotate(n=Count("*")).values("n"),
            output_field=IntegerField()), 0)

    rows = Category.objects.values("name").annotate(
        now=Sum(opened(period.start, period.end)),
        before=Sum(opened(period.previous.start, period.start)),
    ).order_by("-now", "-before", "name")
    # Categories without cases in either period sort last and are left out here, not in a
    # HAVING clause, which would count every category's cases a second time.
    rows = [row for row in rows if row["now"] or row["before"]][:TOP]
    return [[row["name"], row["now"], row["before"], row["now"] - row["before"],
             percent(row["now"] - row["before"], row["before"])] for row in rows]


def causes(scope, period, now):
    explained = scope.through_case(ApologyStep.objects.filter(
        key=Stage.EXPLAIN, root_cause__isnull=False))
    figures = []
    for slug, title, name, about, table in (
        ("categories", "Top categories", "Category", "What kind of failure the cases were, "
         "against the equal period before (cases opened).",
         _categories(scope, period)),
        ("root-causes", "Top root causes", "Root cause", "Why it went wrong, from the "
         "explain step, against the equal period before (steps completed).",
         _trend(explained, "root_cause__name", "completed_at", period)),
    ):
        figures.append(Figure(
            slug, title, about,
            [name, "This period", "Previous period", "Change", "Change %"],
            table, chart_kind="bars",
            chart=bar_chart([row[0] for row in table],
                            [Series("This period", [row[1] for row in table], "s1"),
                             Series("Previous period", [row[2] for row in table], "s5")]),
        ))
    return figures


def at_risk(scope, period, now, limit=AT_RISK_ON_PAGE):
    # Grouped by the customer's id alone, from the index on created_at, which carries it;
    # their name and email come with the latest case, for the rows shown only. Joining
    # every customer to every case of the period first (200,000 customers and 115,000
    # cases at a million) made this the page's slowest query.
    groups = list(scope.cases().filter(created_at__gte=period.start, created_at__lt=period.end)
                  .values("customer_id").annotate(n=Count("id"), latest=Max("id"))
                  .filter(n__gte=2).order_by("-n", "-latest")[:limit])
    latest = {row[0]: row[1:] for row in Case.objects.filter(
        pk__in=[group["latest"] for group in groups]).values_list(
        "pk", "reference", "created_at", "customer__name", "customer__email")}
    table = []
    for group in groups:
        reference, opened, name, email = latest[group["latest"]]
        table.append([name or email, email, group["n"],
                      Link(reference, Case(reference=reference).get_absolute_url()),
                      opened.date()])
    shown = table[:TOP]
    return [Figure(
        "at-risk", "Customers failed more than once", "Customers with two or more cases "
        f"opened in the period: at risk of leaving (the {limit:,} with the most cases; the "
        "CSV has all of them).",
        ["Customer", "Email", "Cases", "Latest case", "Latest opened"],
        table, chart_kind="bars", wide=True,
        chart=bar_chart([row[0] for row in shown], [Series("Cases", [r[2] for r in shown],
                                                           "s4")]),
    )]


def at_risk_export(scope, period, now):
    return at_risk(scope, period, now, limit=AT_RISK_IN_CSV)


def findings(scope, period, now):
    weeks = period.weeks()
    # Most steps are written without a finding: skip those before counting in the JSON.
    completed = scope.through_case(CaseEvent.objects.filter(
        kind="step_completed", created_at__gte=period.start, created_at__lt=period.end,
    ).exclude(data__findings=[]))
    categories = list(PhraseCategory)
    rows = by_week(completed, "created_at", total=Sum(FindingsCount(F("data"))),
                   **{category.value: Sum(FindingsCount(F("data"), category.value))
                      for category in categories})
    table = [[week, *(rows.get(week, {}).get(key) or 0
                      for key in ["total", *(c.value for c in categories)])] for week in weeks]
    return [Figure(
        "findings", "Lexicon findings", "The warnings the lexicon gave on steps as they were "
        "completed, by kind of language and week: what the desk is still learning.",
        ["Week", "All findings", *(category.label for category in categories)],
        table,
        wide=True,
        chart=week_chart(weeks, stacked=True, counts=True, bars=[
            Series(category.label, [row[2 + n] for row in table], f"s{n + 1}")
            for n, category in enumerate(categories)]),
    )]


PRODUCERS = [
    (remedies, ["remedies"]),
    (surveys, ["surveys"]),
    (causes, ["categories", "root-causes"]),
    (at_risk, ["at-risk"]),
    (findings, ["findings"]),
]
EXPORTS = {"at-risk": at_risk_export}  # a CSV that is longer than its table on the page
