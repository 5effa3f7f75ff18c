"""The one error FEEL raises: a syntax error found while compiling an expression or unary tests."""

from __future__ import annotations


class FeelSyntaxError(ValueError):
    """An expression that is not valid FEEL; ``position`` is the 0-based offset of the problem."""

    def __init__(self, message: str, expression: str, position: int) -> None:
        super().__init__(f"invalid FEEL at position {position} of {expression!r}: {message}")
        self.message = message
        self.expression = expression
        self.position = position
