"""JSON documents and keys as the engine takes them from outside: what both APIs check at their edge
before a request reaches the engine (variables, REST bodies, keys), and what a deployed form must be.

A value the engine cannot keep must be refused here, naming where it sits, because once it is in a
command it fails only at the commit, after the in-memory state has changed: a string with a lone
surrogate (``"\\ud800"``, valid JSON, not encodable as UTF-8), a number JSON cannot carry back
(``1e999`` reads as infinity), a document nested deeper than any model needs, and a key at or
beyond 2^63 (Zeebe's keys are Java longs; SQLite's integers are the same size).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

MAX_KEY = 2**63 - 1
MAX_DEPTH = 256
"""Nesting of objects and arrays in one document. The deepest variable in the project's models is
under ten levels; the bound keeps every recursive reader of a value (the JSON encoder at the
commit, FEEL's conversion) far from Python's recursion limit."""

# Fields ending in "Key" that are not engine keys: a message's correlation key is the sender's text.
_NOT_KEYS = frozenset({"correlationKey", "formKey"})

_SURROGATE = re.compile("[\ud800-\udfff]")
_DIGITS = re.compile(r"[0-9]+")


class InvalidDocument(ValueError):
    """A JSON document or key the engine cannot take; the message names the property and the path."""


def load_document(text: str | bytes, property_name: str, *, key_fields: bool = False) -> Any:
    """Parse JSON and check it as :func:`check_document` does; raises :class:`InvalidDocument`, or
    ``json.JSONDecodeError`` for text that is not JSON at all (callers word that themselves)."""
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise InvalidDocument(
            f"Property '{property_name}' is invalid: the document is nested deeper than {MAX_DEPTH} levels"
        ) from None
    except UnicodeDecodeError as error:
        raise InvalidDocument(
            f"Property '{property_name}' is invalid: the document is not UTF-8 ({error})"
        ) from None
    except json.JSONDecodeError:
        raise
    except ValueError as error:  # an integer of more digits than Python converts (4,300)
        raise InvalidDocument(f"Property '{property_name}' is invalid: {error}") from None
    check_document(value, property_name, key_fields=key_fields)
    return value


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"'{name}' is not a JSON number")


def check_document(value: Any, property_name: str, *, key_fields: bool = False) -> None:
    """Every string (names included) encodable as UTF-8, every number finite, nesting bounded.

    With ``key_fields`` (a request body, not variables) every ``…Key`` field that holds a number or
    a numeric string must hold a key in range; inside ``variables`` the names are the user's own."""
    stack: list[tuple[Any, str, int, str | None]] = [(value, "$", 0, None if key_fields else _NO_KEYS)]
    while stack:
        item, path, depth, field = stack.pop()
        if isinstance(item, dict):
            _check_depth(depth, path, property_name)
            for name, child in item.items():
                _check_text(name, f"{path} (a name)", property_name)
                # filter operators ($eq, $in ...) stand for the field they are under
                if field == _NO_KEYS or name == "variables":
                    child_field: str | None = _NO_KEYS
                else:
                    child_field = field if name.startswith("$") else name
                stack.append((child, f"{path}.{name}", depth + 1, child_field))
        elif isinstance(item, list):
            _check_depth(depth, path, property_name)
            stack.extend((child, f"{path}[{index}]", depth + 1, field) for index, child in enumerate(item))
        elif isinstance(item, str):
            _check_text(item, path, property_name)
            if _names_a_key(field) and _DIGITS.fullmatch(item):
                check_key(int(item), f"{property_name} {path}")
        elif isinstance(item, float) and not math.isfinite(item):
            raise InvalidDocument(
                f"Property '{property_name}' is invalid: the number at {path} is out of range"
            )
        elif isinstance(item, int) and not isinstance(item, bool) and _names_a_key(field):
            check_key(item, f"{property_name} {path}")


def check_key(key: int, name: str) -> int:
    """``key`` if it can be a key (a positive Java long); raises :class:`InvalidDocument` naming it."""
    if not 0 < key <= MAX_KEY:
        raise InvalidDocument(f"{name} must be a key between 1 and {MAX_KEY}, but was {key}")
    return key


_NO_KEYS = "$no-keys"
"""The field marker below which no name is read as a key (variables, or a document of variables)."""


def _names_a_key(field: str | None) -> bool:
    return field is not None and (field == "key" or field.endswith("Key")) and field not in _NOT_KEYS


def _check_depth(depth: int, path: str, property_name: str) -> None:
    if depth >= MAX_DEPTH:
        raise InvalidDocument(
            f"Property '{property_name}' is invalid: the document is nested deeper than {MAX_DEPTH} "
            f"levels at {path}"
        )


def _check_text(text: str, path: str, property_name: str) -> None:
    found = _SURROGATE.search(text)
    if found is not None:
        raise InvalidDocument(
            f"Property '{property_name}' is invalid: the string at {path} holds a lone surrogate "
            f"(U+{ord(found.group()):04X}), which is not a Unicode character"
        )
