"""What every part of the DMN reader shares: the source name, the DMN namespace, error messages
that name the element, and FEEL compiled once with the model's names and item definitions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lxml import etree

from engine.dmn.errors import DmnParseError
from engine.dmn.feel_api import CompiledExpression, CompiledUnaryTests, InvalidExpression, InvalidUnaryTests
from engine.dmn.model import DmnModel
from engine.dmn.simple_tests import simple_unary_tests
from engine.dmn.xml import Dmn, local_name
from engine.feel import FeelSyntaxError, compile_expression, compile_unary_tests

RULE_PARTS = frozenset({"inputEntry", "outputEntry", "annotationEntry"})
DRG_KINDS = {
    "inputData": "input data",
    "decision": "decision",
    "businessKnowledgeModel": "business knowledge model",
    "decisionService": "decision service",
}


class ReadContext:
    """The state shared while one model file is read."""

    def __init__(self, source: str, dmn: Dmn, model: DmnModel, lazy: bool) -> None:
        self.source = source
        self.dmn = dmn
        self.model = model
        self.lazy = lazy
        """Keep FEEL that does not parse, failing the decisions that use it (dmn-scala's lazy mode)."""
        self.names: tuple[str, ...] = ()
        """Every name the model (and its imports) declares, so FEEL can read names with spaces."""
        self.types: dict[str, Callable[[Any], bool]] = {}
        """Item definitions by name (imported ones as ``prefix.name``), for ``instance of``."""

    def error(self, element: etree._Element | None, reason: str) -> DmnParseError:
        return DmnParseError(self.source, self.describe(element) if element is not None else None, reason)

    def describe(self, element: etree._Element) -> str:
        """The nearest element with an id, as "decision 'sla'"; entries of a rule name their rule."""
        node: etree._Element | None = element
        while node is not None:
            if isinstance(node.tag, str):
                kind = local_name(node)
                if kind in RULE_PARTS and node.getparent() is not None:
                    node = node.getparent()
                    continue
                if node.get("id"):
                    label = DRG_KINDS.get(kind, kind)
                    return f"{label} '{node.get('id')}'"
            node = node.getparent()
        return "definitions"

    def expression(self, text: str | None, element: etree._Element) -> CompiledExpression:
        """Compiled FEEL; an empty expression is as invalid as a malformed one (Zeebe rejects both)."""
        if text is None or not text.strip():
            return self.invalid(element, "the FEEL expression must not be empty")
        try:
            compiled: CompiledExpression = compile_expression(text, names=self.names, types=self.types)
        except FeelSyntaxError as err:
            return self.invalid(element, str(err))
        return compiled

    def invalid(self, element: etree._Element, reason: str) -> InvalidExpression:
        """Rejects the model, or in lazy mode keeps an expression that fails when evaluated."""
        if not self.lazy:
            raise self.error(element, reason)
        return InvalidExpression(f"{self.describe(element)}: {reason}")

    def unary_tests(self, text: str | None, element: etree._Element) -> CompiledUnaryTests | None:
        if text is None or not text.strip() or text.strip() == "-":
            return None
        try:
            compiled: CompiledUnaryTests = compile_unary_tests(text, names=self.names, types=self.types)
        except FeelSyntaxError as err:
            if self.lazy:
                return InvalidUnaryTests(f"{self.describe(element)}: {err}")
            raise self.error(element, str(err)) from err
        return simple_unary_tests(text, compiled)

    def output_values(self, text: str | None) -> CompiledExpression | None:
        """Output values as a FEEL list (their order ranks PRIORITY and OUTPUT ORDER), if they are one."""
        if text is None or not text.strip():
            return None
        try:
            compiled: CompiledExpression = compile_expression(f"[{text}]", names=self.names)
        except FeelSyntaxError:
            return None  # values that are not a plain list of literals give no priority order
        return compiled
