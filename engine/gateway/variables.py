"""Variables as the gateway protocol carries them: a JSON document whose root must be an object."""

from __future__ import annotations

import json
from typing import Any

from engine.json_documents import InvalidDocument, load_document


class InvalidVariables(ValueError):
    """The request's variables are not a JSON object; the message names the property, as Zeebe's does."""


def parse_variables(document: str, property_name: str = "variables") -> dict[str, Any]:
    if not document.strip():
        return {}
    try:
        value = load_document(document, property_name)
    except InvalidDocument as error:
        raise InvalidVariables(str(error)) from None
    except json.JSONDecodeError as error:
        raise InvalidVariables(
            f"Property '{property_name}' is invalid: Expected document to be valid JSON, "
            f"but it was not: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    if not isinstance(value, dict):
        kind = "ARRAY" if isinstance(value, list) else type(value).__name__.upper()
        raise InvalidVariables(
            f"Property '{property_name}' is invalid: "
            f"Expected document to be a root level object, but was '{kind}'"
        )
    return value


def dump_variables(variables: Any) -> str:
    return json.dumps(variables, ensure_ascii=False, separators=(",", ":"))
