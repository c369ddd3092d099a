"""The bench's two template floors do the same work: the reference's 25-row table through
Django's engine (/html-rows/) and through Jinja2 (/jinja-rows/) render the same HTML, escaped
the same way, so their ratio in RESULTS.md compares the engines and nothing else."""

from datetime import datetime
from pathlib import Path

import jinja2
from django.template import Context, Engine

REFERENCE = Path(__file__).resolve().parents[2] / "bench" / "reference"
ROWS = [{"id": n, "title": f'<b>Parcel</b> & "broken" {n}',
         "body": "The parcel arrived broken and the customer wants a refund. " * (n % 3 + 1),
         "created_at": datetime(2026, 1, 2, 3, 4)} for n in range(25)]


def test_both_engines_render_the_same_table():
    django_html = Engine(dirs=[REFERENCE / "templates"]).get_template(
        "reference/rows.html").render(Context({"rows": ROWS}))
    jinja_html = jinja2.Environment(
        loader=jinja2.FileSystemLoader(REFERENCE / "jinja2"), autoescape=True,
    ).get_template("reference/rows.html").render(rows=ROWS)
    # The engines spell one escape differently (&quot; and &#34;); the text is the same.
    assert jinja_html.replace("&#34;", "&quot;") == django_html.rstrip("\n")
    assert django_html.count("<tr>") == 25 and "&lt;b&gt;Parcel" in django_html
    assert "…</td>" in django_html  # the long bodies are cut in both
