"""The SQL the figures need that Django does not ship: percentiles, elapsed hours, and
counting the lexicon findings kept in a timeline event's JSON.

PostgreSQL is the production database and computes all of them. On SQLite (the embedded
default of `make run`) elapsed hours and finding counts work too, and percentiles are NULL:
the dashboard shows "—" rather than failing.
"""

from django.db import connection
from django.db.models import Aggregate, FloatField, Func, IntegerField, Value


class Percentile(Aggregate):
    """`percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)`: the continuous
    percentile of a group (0.5 the median). A FILTER clause goes after WITHIN GROUP."""

    function = "PERCENTILE_CONT"
    name = "Percentile"
    output_field = FloatField()
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression, fraction: float, **extra):
        fraction = float(fraction)
        if not 0 <= fraction <= 1:
            raise ValueError("A percentile's fraction lies between 0 and 1")
        super().__init__(expression, fraction=fraction, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        if connection.vendor != "postgresql":
            return "NULL", []
        return super().as_sql(compiler, connection, **extra_context)


def percentiles_supported() -> bool:
    """PERCENTILE_CONT is PostgreSQL's; the embedded SQLite desk shows "—" instead."""
    return connection.vendor == "postgresql"


def median(expression, **extra):
    return Percentile(expression, 0.5, **extra)


def p90(expression, **extra):
    return Percentile(expression, 0.9, **extra)


class Hours(Func):
    """Hours from `start` to `end` (two datetimes), as a float.

    On PostgreSQL `date_part('epoch', …)`, a double computed directly, rather than
    `EXTRACT(EPOCH …)`, which since PostgreSQL 14 computes an exact numeric first: that
    numeric, then cast back to a double, cost a quarter of each clock's aggregation over
    100,000 cases. The two can differ in the last bit of the double (one rounding more);
    the figures show hours to one decimal.
    """

    output_field = FloatField()
    arity = 2

    def __init__(self, end, start):
        super().__init__(end, start)

    def as_sql(self, compiler, connection, **extra_context):
        (end, end_params), (start, start_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        if connection.vendor == "postgresql":
            sql = f"(date_part('epoch', {end} - {start}) / 3600.0)"
        else:
            sql = f"((julianday({end}) - julianday({start})) * 24.0)"
        return sql, (*end_params, *start_params)


class FindingsCount(Func):
    """How many findings a timeline event's `data["findings"]` holds (0 when it has none),
    only those of `category` when given: JSON in the database, counted in SQL."""

    output_field = IntegerField()

    def __init__(self, data, category: str | None = None):
        super().__init__(data, Value(category or ""))

    def as_sql(self, compiler, connection, **extra_context):
        (data, data_params), (category, category_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        if connection.vendor == "postgresql":
            sql = (
                f"COALESCE(jsonb_array_length(jsonb_path_query_array({data} -> 'findings', "
                f"'$[*] ? ($c == \"\" || @.category == $c)', "
                f"jsonb_build_object('c', {category}::text))), 0)"
            )
            return sql, (*data_params, *category_params)
        sql = (  # the pieces are compiled expressions; values travel as parameters
            f"(SELECT COUNT(*) FROM json_each({data}, '$.findings') "  # nosec B608
            f"WHERE {category} = '' OR json_extract(value, '$.category') = {category})"
        )
        return sql, (*data_params, *category_params, *category_params)
