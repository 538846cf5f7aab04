"""The error answers every API operation may give, documented once for all of them.

Each operation documents its own success; the refusals come from shared machinery (sign-in, the
permission checks, the exception handlers in `ostrom/api/api.py`, django-ninja's own validation), so
they are written into the OpenAPI schema here, by the same rules those pieces follow, rather than by
hand on 129 operations. Every error body is an `ErrorOut`: `detail` is a sentence, django-ninja's list
of field errors, or a form's errors by field name.
"""

from typing import Any

from ninja import NinjaAPI, Schema

WRITES = {"post", "put", "patch", "delete"}


class ErrorOut(Schema):
    detail: str | list[dict[str, Any]] | dict[str, list[str]]


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
    }


def error_responses(path: str, method: str, operation: dict) -> dict:
    """The refusals an operation may answer with, given how it is reached."""
    errors = {}
    takes_input = bool(operation.get("parameters") or operation.get("requestBody"))
    if operation.get("requestBody"):
        errors[400] = _error("The body is not JSON")
    if operation.get("security"):
        errors[401] = _error("Not signed in: use a session or a personal API token")
    if method in WRITES or operation.get("security") or "{" in path:
        # A permission check refuses (an object may not be published yet), or a write relies on a
        # session cookie without its CSRF token.
        errors[403] = _error("You may not do this")
    if takes_input:
        # A path argument, filter or field names something that is not there (or not visible to you).
        errors[404] = _error("Nothing of that name, or nothing you may see")
    if method in WRITES:
        errors[409] = _error("Not now: the phase or conversation is closed, or it was done already")
    if takes_input:
        errors[422] = _error("Something sent does not fit: each field's problem is given")
    if method in WRITES:
        errors[429] = _error("Too many attempts from your network: wait and try again")
    return errors


class OstromAPI(NinjaAPI):
    """django-ninja's API with the shared error answers in its schema."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema["components"].setdefault("schemas", {})["ErrorOut"] = ErrorOut.model_json_schema(
            ref_template="#/components/schemas/{model}"
        )
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                for status, response in error_responses(path, method, operation).items():
                    operation["responses"].setdefault(status, response)
        return schema
