"""The domain's errors. Views turn them into a message next to the field; the API's
exception handler (`recovery.api`) turns them into an HTTP status with a JSON body."""


class RecoveryError(Exception):
    """A rule of the domain said no. `code` names the rule; `status` is its HTTP answer."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code


class Conflict(RecoveryError):
    """The case is not in a state that allows this (409)."""

    status = 409
    code = "conflict"


class NotAllowed(RecoveryError):
    """The actor may not do this (403)."""

    status = 403
    code = "not_allowed"


class PreconditionFailed(RecoveryError):
    """The client's copy is stale: someone changed the row since it was read (412)."""

    status = 412
    code = "precondition_failed"
