"""The apology flow's refusals that carry more than a message (the step to do first, the
lexicon's findings); the API's exception handler and the form views translate them."""

from recovery.errors import Conflict, RecoveryError

from ..findings import Finding, quoted_words


class StepOutOfOrder(Conflict):
    code = "step_out_of_order"

    def __init__(self, step):
        super().__init__(f"Complete “{step.label}” first: the steps go in order.")
        self.step = step
        self.extra = {"step": step.value}


class LexiconBlocked(RecoveryError):
    """Banned language in the text (422 with the findings)."""

    status = 422
    code = "lexicon_blocked"

    def __init__(self, findings: list[Finding]):
        words = quoted_words(findings)
        super().__init__(
            f"Rewrite before completing the step: {words} cannot go to the customer.",
            field="content",
        )
        self.findings = findings
        self.extra = {"findings": [finding.as_dict() for finding in findings]}
