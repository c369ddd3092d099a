"""What an incident puts into a linked case's apology.

The acknowledgement, the explanation (with its root cause) and the fix are the incident's:
written once, the same for every customer, and always taken as they read *now* when the
apology goes out. The remedy and the regret are the case's own: the agent may personalise
them; until then the defaults for the customer's tier apply.
"""

from dataclasses import replace

from django.conf import settings

from apologies import lexicon
from apologies.models import EXTRA_FIELDS, ApologyStep
from cases.choices import STEPS, Stage, Tier

from .models import Incident, IncidentRemedy

SHARED = (Stage.ACKNOWLEDGE, Stage.EXPLAIN, Stage.FIX)
PERSONAL = (Stage.RESTORE_VALUE, Stage.REGRET)


def shared_part(incident: Incident, key: str) -> dict:
    if key == Stage.ACKNOWLEDGE:
        return {"content": incident.acknowledgement}
    if key == Stage.EXPLAIN:
        return {"content": incident.explanation, "root_cause": incident.root_cause}
    return {"content": incident.fix}


def remedy_for(incident: Incident, tier: str, remedies=None) -> IncidentRemedy | None:
    """The default remedy for a customer of `tier`: the tier's own, else the standard one."""
    remedies = remedies if remedies is not None else list(incident.remedies.all())
    by_tier = {remedy.tier: remedy for remedy in remedies}
    return by_tier.get(tier) or by_tier.get(Tier.STANDARD)


def default_part(incident: Incident, key: str, tier: str, remedies=None) -> dict | None:
    """A personal part's default for a customer of `tier`; None when there is none."""
    if key == Stage.REGRET:
        return {"content": incident.regret} if incident.regret.strip() else None
    remedy = remedy_for(incident, tier, remedies)
    if remedy is None:
        return None
    return {"content": remedy.content, "remedy_type": remedy.remedy_type,
            "value_to_customer": remedy.value_to_customer, "cost": remedy.cost,
            "currency": remedy.currency or settings.DESK_CURRENCY,
            **{name: getattr(remedy, name) for name in EXTRA_FIELDS}}


def to_write(apology, incident: Incident, remedies) -> list[tuple[Stage, dict | None]]:
    """The steps the run writes before sending a linked case's apology, with their data:
    the incident's shared parts as they read now (rewritten if the case holds an older
    text), the case's own remedy and regret if personalised, else the defaults for the
    customer's tier (None where there is no default). Steps already as they must go out
    are left out. Reads only: the run writes these, the confirmation page previews them."""
    case = apology.case
    plan = []
    for key in STEPS:
        step = apology.steps.get(key)
        if key in SHARED:
            data = shared_part(incident, key)
            if step and step.is_complete and _same(step, data):
                continue
        elif step and step.is_complete:
            continue
        elif step and _usable_draft(step):
            data = _draft(step)
        else:
            data = default_part(incident, key, case.customer.tier, remedies)
        plan.append((key, data))
    return plan


def steps_as_sent(apology, incident: Incident, remedies) -> dict:
    """The case's steps as the run would send them ({key: ApologyStep}, unsaved where the
    run would write them), for composing a preview. A step without a default is left out."""
    steps = dict(apology.steps)
    for key, data in to_write(apology, incident, remedies):
        if data is not None:
            steps[key] = ApologyStep(case=apology.case, key=key, content=data["content"].strip())
    return steps


def _same(step, data) -> bool:
    root_cause = data.get("root_cause")
    return step.content == data["content"].strip() and (
        "root_cause" not in data or step.root_cause_id == (root_cause.pk if root_cause else None))


def _usable_draft(step) -> bool:
    """A personalised draft; a remedy drafted without its type or cost is not one."""
    return bool(step.content.strip()) and (
        step.key != Stage.RESTORE_VALUE or (step.remedy_type and step.cost is not None
                                            and step.value_to_customer is not None))


def _draft(step) -> dict:
    """A draft's fields for the flow; a remedy's extra (drafted from the archive) too."""
    return {"content": step.content, "remedy_type": step.remedy_type,
            "value_to_customer": step.value_to_customer, "cost": step.cost,
            "currency": step.currency, "root_cause": step.root_cause,
            **{name: getattr(step, name) for name in EXTRA_FIELDS}}


def findings(incident: Incident, remedies=None) -> list:
    """The lexicon's findings in the parts written once for everyone: the shared steps, the
    default regret and each tier's remedy, each checked as its step and named for it."""
    remedies = remedies if remedies is not None else list(incident.remedies.all())
    texts = [(key.value, shared_part(incident, key)["content"]) for key in SHARED]
    texts += [(Stage.REGRET.value, incident.regret)]
    texts += [(Stage.RESTORE_VALUE.value, remedy.content) for remedy in remedies]
    phrases = lexicon.active_phrases()
    return [replace(finding, rule=f"{key}#{number}/{finding.rule}")
            for number, (key, text) in enumerate(texts) if text.strip()
            for finding in lexicon.check(text, key, phrases)]


def missing(incident: Incident) -> list[str]:
    """What the incident still lacks before its apology can go to anyone."""
    lacking = [label for field, label in [
        ("acknowledgement", "the acknowledgement"), ("explanation", "the explanation"),
        ("fix", "the fix"), ("regret", "the default regret"),
    ] if not getattr(incident, field).strip()]
    if not incident.remedies.filter(tier=Tier.STANDARD).exists():
        lacking.append("a remedy for standard-tier customers")
    return lacking


def drafts_for(case) -> dict[str, dict]:
    """The step forms of a linked case start from these (see `apologies.panel`)."""
    if case.incident_id is None:
        return {}
    incident = case.incident
    drafts = {}
    for key in Stage:
        if key in SHARED:
            part = shared_part(incident, key)
        elif key in PERSONAL:
            part = default_part(incident, key, case.customer.tier)
        else:
            continue
        if part and part["content"].strip():
            if "root_cause" in part:  # a draft step holds the id
                root_cause = part.pop("root_cause")
                part["root_cause_id"] = root_cause.pk if root_cause else None
            drafts[key.value] = part
    return drafts
