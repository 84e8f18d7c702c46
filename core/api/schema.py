"""OpenAPI schema post-processing: the error answers every operation can give, documented once.

drf-spectacular documents each operation's success; the errors come from the project's rules,
the same for every operation, so they are added here rather than on each view:

- 400 the input was refused (field → messages, or `detail`);
- 401 no valid credentials (with `WWW-Authenticate`);
- 403 signed in but the role may not do this;
- 404 absent or outside the caller's scope (out of scope is absent), or a page number past the end;
- 405 a method the operation's route does not allow for this resource;
- 429 too many attempts (sign-in throttling);
- 503 the database is unreachable for a moment (`Retry-After`).
"""
from __future__ import annotations

ERROR = {"$ref": "#/components/schemas/Error"}
REFUSED = {"$ref": "#/components/schemas/Refused"}


def _json(schema) -> dict:
    return {"application/json": {"schema": schema}}


ERROR_RESPONSES = {
    "400": {"description": "The input was refused: the messages say why, by field.", "content": _json(REFUSED)},
    "401": {
        "description": "No valid credentials.",
        "headers": {"WWW-Authenticate": {"schema": {"type": "string"}}},
        "content": _json(ERROR),
    },
    "403": {"description": "Your role may not do this.", "content": _json(ERROR)},
    "404": {"description": "Not found, or outside your jurisdiction.", "content": _json(ERROR)},
    "405": {"description": "Not allowed on this resource.", "content": _json(ERROR)},
    "429": {
        "description": "Too many attempts (sign-in throttling and lockout); wait before trying again.",
        "content": {**_json(ERROR), "text/html": {"schema": {"type": "string"}}},
    },
    "503": {
        "description": "The database cannot be reached at the moment; try again.",
        "headers": {"Retry-After": {"schema": {"type": "string"}}},
        "content": _json(ERROR),
    },
}

COMPONENTS = {
    "Error": {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]},
    "Refused": {
        "description": "Messages by field name (a list of strings, or nested for lists of objects), `detail`, "
                       "or a list of messages.",
        "anyOf": [
            {"type": "object", "additionalProperties": True},
            {"type": "array", "items": {"type": "string"}},
        ],
    },
}


def add_error_responses(result, generator, request, public):
    """drf-spectacular POSTPROCESSING_HOOKS entry."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(COMPONENTS)
    for path in result.get("paths", {}).values():
        for operation in path.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for status, response in ERROR_RESPONSES.items():
                operation["responses"].setdefault(status, response)
    return result
