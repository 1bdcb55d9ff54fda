"""OpenAPI post-processing: document the API's single error shape on every operation."""

from __future__ import annotations

from typing import Any

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {
                    "type": "object",
                    "additionalProperties": True,
                    "description": "Field name -> list of messages (validation errors only).",
                },
            },
        }
    },
}

ERROR_STATUSES = {
    "400": "Invalid input; `fields` says which field and why.",
    "401": "Not authenticated.",
    "403": "Authenticated, but not allowed to do this.",
    "404": "No such object.",
    "406": "The Accept header asks for a format the API cannot produce.",
    "409": "The object is not in a state that allows this action.",
    "413": "The request body is too large.",
    "415": "The request body is not JSON.",
    "429": "Too many requests; `Retry-After` says how many seconds to wait.",
}


# The public (anonymous) endpoints are throttled per address; their operation ids say "public".
PUBLIC_STATUSES = {"429": "Too many requests from this address; `Retry-After` says when to retry."}


def add_error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Add the shared ``Error`` schema and the error statuses to every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}
    for path in result.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            statuses = dict(ERROR_STATUSES)
            if str(operation.get("operationId", "")).startswith("public_"):
                statuses.update(PUBLIC_STATUSES)
            for code, description in statuses.items():
                responses.setdefault(
                    code,
                    {"description": description, "content": {"application/json": {"schema": ref}}},
                )
    return result
