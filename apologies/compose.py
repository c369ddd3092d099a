"""Composing the apology the customer receives: greeting, the five parts in the method's
order, sign-off — as plain text and as HTML (the same words; user text escaped).

The frame comes from `MessageTemplate`, which managers edit. Its placeholders are filled by
plain substitution, never by the template engine, so a template cannot reach anything but
the values listed in `placeholders`.
"""

import re
from dataclasses import dataclass

from django.template.loader import render_to_string

from cases.choices import STEPS

from .models import MessageTemplate

PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    html: str


def placeholders(case, agent, template) -> dict:
    return {
        "customer_name": case.customer.name or "customer",
        "agent_name": agent.display_name if agent else template.organisation,
        "reference": case.reference,
        "title": case.title_for_customer,  # never the internal title
        "organisation": template.organisation,
    }


def fill(text: str, values: dict) -> str:
    """Replace {{ name }} with its value; unknown names are left as written."""
    return PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), text)


def compose(case, steps: dict, *, agent, template=None) -> Message:
    """The message for `case` from its steps ({key: ApologyStep}), signed by `agent`."""
    template = template or MessageTemplate.current()
    values = placeholders(case, agent, template)
    greeting = fill(template.greeting, values).strip()
    sign_off = fill(template.sign_off, values).strip()
    parts = [steps[step].content.strip() for step in STEPS if step in steps]
    context = {"greeting": greeting, "parts": parts, "sign_off": sign_off, "case": case}
    return Message(
        subject=" ".join(fill(template.subject, values).split())[:300],
        text=render_to_string("emails/apology.txt", context).strip() + "\n",
        html=render_to_string("emails/apology.html", context),
    )
