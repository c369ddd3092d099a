"""Bulk actions on the cases chosen in the queue: assign (or unassign), change severity, add
a tag — and whatever other apps register (incidents adds "Add to incident"; `cases` never
imports it).

Each chosen case goes through the same door as one by one (`work.assign`, `work.edit_case`,
`incidents.linking.link`), so it gets exactly the timeline event it would get alone, under
the same rules and roles.

Per case, not all-or-nothing: each case is changed in its own transaction (the door's), so
a case the rules refuse (its apology already sent, 20 tags already, changed by someone else
meanwhile, gone) is skipped and reported by reference while the others are changed; no case
is ever half-written, and no lock is held on one case while another is written (no
deadlock with someone working through the same cases in another order). What the request
itself gets wrong — nothing chosen, too many, an unknown action, person, severity or
incident — is refused before any case is touched.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from recovery.errors import RecoveryError
from recovery.text import single_line

from . import work
from .choices import Severity
from .filters import desk_users
from .models import REFERENCE_PATTERN, Case

MAX_CASES = 100  # four queue pages; a request naming more is refused, not cut short
MAX_TAGS, MAX_TAG_LENGTH = 20, 50  # as the case's edit form allows
SHOWN = 10  # references listed in a message before "and N more"


@dataclass(frozen=True)
class BulkAction:
    """One thing the bulk bar does to each chosen case.

    `choose(value, by)` turns the posted `field` into the target (a person, a severity, an
    incident…) or raises RecoveryError; `apply(case, target, by)` changes one case through
    its domain function and returns False if the case was already so (nothing written);
    a RecoveryError from it skips that case. `options(context)` lists a drop-down's
    (value, label) pairs for the queue page; None: a text box."""

    key: str
    field: str
    label: str
    button: str
    choose: Callable
    apply: Callable
    done: Callable  # target → "assigned to Sam"
    options: Callable | None = None
    placeholder: str = ""
    ask: str = ""  # what to say when the target is missing ("Choose who to assign them to.")
    none_left: str = ""  # shown instead of an empty drop-down ("No open incident.")
    none_left_link: tuple[str, str] | None = None  # (words, URL name)
    order: int = 50


_actions: dict[str, BulkAction] = {}


def register(action: BulkAction) -> BulkAction:
    _actions[action.key] = action
    return action


def actions() -> list[BulkAction]:
    return sorted(_actions.values(), key=lambda action: action.order)


@dataclass
class Outcome:
    """What one bulk request did: references changed, already so, and skipped with why."""

    action: BulkAction
    target: object
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def messages(self) -> list[tuple[str, str]]:
        """(level, text) for the person who asked: what was done, what already was, and
        what was skipped and why."""
        done = self.action.done(self.target)
        said = []
        if self.changed:
            text = f"{_cases(len(self.changed))} {done}: {_listed(self.changed)}."
            if self.unchanged:
                text += f" {len(self.unchanged)} already {_was(self.unchanged)}: " \
                        f"{_listed(self.unchanged)}."
            said.append(("success", text))
        elif self.unchanged:
            said.append(("info", f"Nothing to change: {_listed(self.unchanged)} "
                                 f"{_was(self.unchanged)} already {done}."))
        if self.skipped:
            reasons = _listed([f"{ref} ({why})" for ref, why in self.skipped])
            said.append(("warning", f"{len(self.skipped)} skipped: {reasons}."))
        return said


def apply(action_key: str, references: list[str], data, *, by) -> Outcome:
    """Do `action_key` to the cases named by `references`, with its target read from
    `data[action.field]`. Returns the Outcome.

    Raises RecoveryError (nothing changed) for no case chosen, more than MAX_CASES, an
    unknown action, or a target its action does not know; NotAllowed for an integration's
    key."""
    work.require_person(by, "change cases in bulk")
    action = _actions.get(action_key or "")
    if action is None:
        raise RecoveryError("Choose what to do with the chosen cases.", field="action")
    references = list(dict.fromkeys(ref.strip() for ref in references if ref.strip()))
    if not references:
        raise RecoveryError("Choose at least one case: tick it in the queue.", field="case")
    if len(references) > MAX_CASES:
        raise RecoveryError(f"Choose at most {MAX_CASES} cases at once "
                            f"({len(references)} were chosen).", field="case")
    target = action.choose((data.get(action.field) or "").strip(), by)
    named = [ref for ref in references if REFERENCE_PATTERN.fullmatch(ref)]
    found = {case.reference: case for case in Case.objects.filter(reference__in=named)}
    outcome = Outcome(action, target)
    for reference in references:
        case = found.get(reference)
        if case is None:
            outcome.skipped.append((reference[:40], "no such case"))
            continue
        try:
            changed = action.apply(case, target, by)
        except RecoveryError as refusal:  # this case only: the others go on
            outcome.skipped.append((reference, _reason(refusal.message, reference)))
        else:
            (outcome.changed if changed else outcome.unchanged).append(reference)
    return outcome


def _reason(message: str, reference: str) -> str:
    return message.removeprefix(f"{reference}: ").rstrip(".")


def _cases(count: int) -> str:
    return f"{count} case{'s' if count != 1 else ''}"


def _was(references) -> str:
    return "was" if len(references) == 1 else "were"


def _listed(items: list[str]) -> str:
    shown = ", ".join(items[:SHOWN])
    return shown + (f" and {len(items) - SHOWN} more" if len(items) > SHOWN else "")


# --- the actions `cases` offers itself -------------------------------------------------

NOBODY = "none"
ASK_ASSIGNEE = "Choose who to assign the cases to."
ASK_SEVERITY = "Choose the severity to set."
ASK_TAG = "Write the tag to add."


def _choose_assignee(value, by):
    if value == "me":
        return by
    if value == NOBODY:
        return None
    if not value:
        raise RecoveryError(ASK_ASSIGNEE, field="assignee")
    person = desk_users().filter(email__iexact=value).first()
    if person is None:
        raise RecoveryError(f"{value} is not an agent or manager at the desk.",
                            field="assignee")
    return person


def _assign(case, person, by) -> bool:
    if case.assignee_id == (person.pk if person else None):
        return False
    work.assign(case, person, by=by)
    return True


def _assignee_options(context):
    """Reuses the people the queue's assignee filter already read (no second query)."""
    form = getattr(context.get("filter"), "form", None)
    field = form.fields.get("assignee") if form is not None else None
    if field is not None:
        people = [(value, label) for value, label in field.choices
                  if value not in ("", "me", NOBODY)]
    else:
        people = [(user.email, user.display_name) for user in desk_users()]
    return [("me", "Me"), (NOBODY, "Nobody (unassign)"), *people]


def _choose_severity(value, by):
    if not value:
        raise RecoveryError(ASK_SEVERITY, field="severity")
    if value not in Severity.values:
        raise RecoveryError(f"{value} is no severity: choose low, medium, high or critical.",
                            field="severity")
    return Severity(value)


def _set_severity(case, severity, by) -> bool:
    if case.severity == severity:
        return False
    work.edit_case(case, {"severity": severity}, by=by)
    return True


def _choose_tag(value, by):
    if not value:
        raise RecoveryError(ASK_TAG, field="tag")
    if "," in value or len(value) > MAX_TAG_LENGTH:
        raise RecoveryError(f"One tag of up to {MAX_TAG_LENGTH} characters, without commas.",
                            field="tag")
    try:
        single_line(value)
    except ValidationError as error:  # a line break or a control character
        raise RecoveryError("A tag is one line of text.", field="tag") from error
    return value


def _add_tag(case, tag, by) -> bool:
    if tag.casefold() in {known.casefold() for known in case.tags}:
        return False
    if len(case.tags) >= MAX_TAGS:
        raise RecoveryError(f"it has {MAX_TAGS} tags already, the most a case may have")
    # The tags as read here, checked against the case as locked: a tag someone else added
    # meanwhile is never overwritten (PreconditionFailed skips this case instead).
    work.edit_case(case, {"tags": [*case.tags, tag]}, by=by, if_match=case.etag)
    return True


register(BulkAction(
    key="assign", field="assignee", label="Assign to", button="Assign",
    choose=_choose_assignee, apply=_assign, options=_assignee_options,
    placeholder="Choose a person…", ask=ASK_ASSIGNEE, order=10,
    done=lambda person: f"assigned to {person.display_name}" if person else "unassigned",
))
register(BulkAction(
    key="severity", field="severity", label="Severity", button="Set severity",
    choose=_choose_severity, apply=_set_severity, options=lambda context: Severity.choices,
    placeholder="Choose a severity…", ask=ASK_SEVERITY, order=20,
    done=lambda severity: f"set to {severity.label.lower()} severity",
))
register(BulkAction(
    key="tag", field="tag", label="Tag", button="Add tag",
    choose=_choose_tag, apply=_add_tag, placeholder="e.g. vip", ask=ASK_TAG, order=30,
    done=lambda tag: f"tagged “{tag}”",
))
