"""The apology archive: every closed case's apology kept as an immutable snapshot with its
outcome, searched and rated at the desk, reused on new cases, and published (redacted) to
the public page.

Its own app because it is the desk's memory, not its work: it follows the cases' timeline
(a case closed, a survey answered) without the flow knowing it exists, and the flow never
reads from it except through "start from this apology".
"""
