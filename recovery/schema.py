"""The answers every API operation can give besides its own, added to the OpenAPI schema in
one place (a drf-spectacular postprocessing hook) rather than repeated on each view.

The views document what is particular to them (a 409 for an external id that exists, a 412
for a stale ETag, a 202 for a remedy waiting for approval); this fills in what the API's
plumbing does to every request: authentication (401), roles (403), unknown objects (404),
validation (400), body size (413), throttling (429), `Idempotency-Key` (409, 422 and the
`Idempotent-Replayed` header), and the `ETag` and `Location` headers. A schema that leaves
these out makes a client's generated code treat them as surprises; the schemathesis run in
the test suite holds the two together.
"""

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# DRF's 400: `{"field": ["message"]}`, nested for nested fields (`{"customer": {"email":
# [...]}}`), `non_field_errors` for the whole body; header errors are named by the header.
FIELD_ERRORS = {
    "type": "object",
    "additionalProperties": {},
    "description": "Messages by field name.",
}

GENERIC = {
    "400": ("FieldErrors", "Invalid input: messages by field"),
    "401": ("Error", "No credentials, or a key that is unknown or revoked"),
    "403": ("Error", "Signed in, but this role or key may not do this"),
    "404": ("Error", "No such object, or one that belongs to another integration"),
    "409": ("Error", "A request with this Idempotency-Key is still being processed"),
    "412": ("Error", "If-Match no longer matches: the object changed; nothing was changed"),
    "413": ("Error", "The request body is larger than the API accepts"),
    "422": ("Error", "This Idempotency-Key was used with a different request body"),
    "429": ("Error", "Too many requests for this key; retry after `Retry-After` seconds"),
}

HEADERS = {
    "WWW-Authenticate": "How to authenticate: `Api-Key`.",
    "Retry-After": "Seconds to wait before the next request.",
    "ETag": "The object's version; send it back in `If-Match` to change it safely.",
    "Location": "The URL of the case.",
    "Idempotent-Replayed": "`true` when this is the stored answer to an earlier request "
    "with the same Idempotency-Key.",
}

WITH_BODY = {"post", "put", "patch"}


def add_common_responses(result, generator, request, public):
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR)
    schemas.setdefault("FieldErrors", FIELD_ERRORS)
    for path, operations in result.get("paths", {}).items():
        if not path.startswith("/api/v1/"):
            continue
        for method, operation in operations.items():
            _complete(path, method, operation)
    return result


def _complete(path, method, operation):
    responses = operation["responses"]
    headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
    queries = [p for p in operation.get("parameters", []) if p["in"] == "query"]
    codes = ["401", "403", "429"]
    if "{" in path:
        codes.append("404")
    if method in WITH_BODY or queries or headers:
        codes.append("400")
    if method in WITH_BODY:
        codes.append("413")
    if "Idempotency-Key" in headers:
        codes += ["409", "422"]
    if "If-Match" in headers:
        codes.append("412")
    for code in codes:
        responses.setdefault(code, {"description": GENERIC[code][1]})
    for code, response in responses.items():
        if code.startswith("4") and "content" not in response:
            name = GENERIC.get(code, ("Error",))[0]
            response["content"] = {"application/json": {"schema": _ref(name)}}
            response["description"] = response.get("description") or GENERIC[code][1]
    _header(responses["401"], "WWW-Authenticate", required=True)
    _header(responses["429"], "Retry-After", required=True)
    for code, response in responses.items():
        if "Idempotency-Key" in headers and code.startswith("2"):
            _header(response, "Idempotent-Replayed")
        if code == "201" and path == "/api/v1/cases/":
            _header(response, "Location", required=True)
        if path == "/api/v1/cases/{reference}/" and code == "200":
            _header(response, "ETag", required=True)
    if path == "/api/v1/cases/" and method == "post":
        _header(responses["409"], "Location")


def _header(response, name, required=False):
    response.setdefault("headers", {})[name] = {
        "schema": {"type": "string"}, "description": HEADERS[name], "required": required,
    }


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}
