"""What any value written must be: one scalar per property (no lists or maps), and text
an engine parameter can carry (no NUL character)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph.errors import FieldError

_SCALARS = (str, int, float, bool)


def non_scalar_errors(values: Mapping[Any, Any], prefix: str = "") -> list[FieldError]:
    """Every property of the schema holds one value: lists, maps and other objects are
    field errors (caught here, before they reach the declarations' choice checks), and so
    is text with a NUL character, which no engine parameter can carry."""
    errors = []
    for name, value in values.items():
        if value is not None and not isinstance(value, _SCALARS):
            message = f"{type(value).__name__} given; one value is expected"
            errors.append(FieldError(f"{prefix}{name}", message))
        elif isinstance(value, str) and not usable_text(value):
            errors.append(FieldError(f"{prefix}{name}", "contains a NUL character"))
    return errors


def usable_text(value: str) -> bool:
    """False for text no engine parameter can carry (a NUL character)."""
    return "\x00" not in value
