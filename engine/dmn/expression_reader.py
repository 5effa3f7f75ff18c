"""Reading boxed expressions and decision tables; every FEEL text in them is compiled here."""

from __future__ import annotations

from lxml import etree

from engine.dmn.decision_table import AGGREGATIONS, HIT_POLICIES, DecisionTable, Rule, TableInput, TableOutput
from engine.dmn.drg import BusinessKnowledgeModel, DecisionService
from engine.dmn.expressions import (
    BoxedContext,
    Conditional,
    ContextEntry,
    Expression,
    Filter,
    FunctionDefinition,
    Invocation,
    Iterator,
    ListExpression,
    LiteralExpression,
    Relation,
    TypedExpression,
)
from engine.dmn.reading import ReadContext
from engine.dmn.type_reader import TypeReader
from engine.dmn.types import ANY
from engine.dmn.xml import local_name

EXPRESSION_KINDS = frozenset(
    {
        "literalExpression",
        "decisionTable",
        "context",
        "invocation",
        "relation",
        "list",
        "functionDefinition",
        "conditional",
        "filter",
        "for",
        "some",
        "every",
    }
)


class ExpressionReader:
    """Turns the boxed expression elements of a decision, knowledge model or function into nodes."""

    def __init__(self, context: ReadContext, types: TypeReader) -> None:
        self.context = context
        self.dmn = context.dmn
        self.types = types

    def child_expression(self, xml: etree._Element) -> Expression | None:
        for child in self.dmn.children(xml):
            if local_name(child) in EXPRESSION_KINDS:
                return self.boxed(child)
        return None

    def required_child(self, xml: etree._Element, part: str) -> Expression:
        holder = self.dmn.child(xml, part)
        body = self.child_expression(holder) if holder is not None else None
        if body is None:
            raise self.context.error(xml, f"<{local_name(xml)}> needs an expression in <{part}>")
        return body

    def boxed(self, xml: etree._Element) -> Expression:
        expression = self.untyped_boxed(xml)
        declared = self.types.type_ref(xml.get("typeRef"))
        if declared.is_any or isinstance(expression, DecisionTable):
            return expression
        return TypedExpression(expression, declared)

    def untyped_boxed(self, xml: etree._Element) -> Expression:
        kind = local_name(xml)
        element_id = xml.get("id", "")
        if kind == "literalExpression":
            return self.literal(xml)
        if kind == "decisionTable":
            return self.decision_table(xml)
        if kind == "context":
            entries = []
            for entry in self.dmn.children(xml, "contextEntry"):
                variable = self.dmn.child(entry, "variable")
                entries.append(
                    ContextEntry(
                        variable.get("name", "") if variable is not None else None,
                        self.types.type_ref(variable.get("typeRef")) if variable is not None else ANY,
                        self.child_expression(entry),
                    )
                )
            return BoxedContext(element_id, entries)
        if kind == "invocation":
            function = self.child_expression(xml)
            if function is None:
                raise self.context.error(xml, "invocation without a function to call")
            self.check_invoked_knowledge(xml)
            bindings: dict[str, Expression | None] = {}
            for binding in self.dmn.children(xml, "binding"):
                parameter = self.dmn.child(binding, "parameter")
                name = parameter.get("name", "") if parameter is not None else ""
                bindings[name] = self.child_expression(binding)
            return Invocation(element_id, function, bindings)
        if kind == "relation":
            columns = [c.get("name", "") for c in self.dmn.children(xml, "column")]
            rows = []
            for row in self.dmn.children(xml, "row"):
                cells: list[Expression | None] = [
                    self.boxed(c) for c in self.dmn.children(row) if local_name(c) in EXPRESSION_KINDS
                ]
                if len(cells) != len(columns):
                    raise self.context.error(
                        row, f"expected {len(columns)} cells in the row but found {len(cells)}"
                    )
                rows.append(cells)
            return Relation(element_id, columns, rows)
        if kind == "list":
            return ListExpression(
                element_id,
                [self.boxed(c) for c in self.dmn.children(xml) if local_name(c) in EXPRESSION_KINDS],
            )
        if kind == "functionDefinition":
            parameters = list(self.dmn.children(xml, "formalParameter"))
            return FunctionDefinition(
                element_id,
                [p.get("name", "") for p in parameters],
                [self.types.type_ref(p.get("typeRef")) for p in parameters],
                self.child_expression(xml),
                xml.get("kind", "FEEL"),
            )
        if kind == "conditional":
            return Conditional(
                element_id,
                self.required_child(xml, "if"),
                self.required_child(xml, "then"),
                self.required_child(xml, "else"),
            )
        if kind == "filter":
            return Filter(element_id, self.required_child(xml, "in"), self.required_child(xml, "match"))
        body_part = "return" if kind == "for" else "satisfies"
        return Iterator(
            element_id,
            kind,
            xml.get("iteratorVariable", ""),
            self.required_child(xml, "in"),
            self.required_child(xml, body_part),
        )

    def check_invoked_knowledge(self, xml: etree._Element) -> None:
        """Zeebe only invokes business knowledge models (also imported ones, as ``prefix.name``)."""
        if self.context.lazy:
            return
        called = self.dmn.child(xml, "literalExpression")
        name = (self.dmn.text(called) or "").strip() if called is not None else ""
        models = [(None, self.context.model), *self.context.model.imports.items()]
        known = {
            f"{prefix}.{e.name}" if prefix else e.name
            for prefix, model in models
            for e in model.elements.values()
            if isinstance(e, BusinessKnowledgeModel | DecisionService)
        }
        if name not in known:
            raise self.context.error(xml, f"no business knowledge model found with name '{name}'")

    def literal(self, xml: etree._Element) -> LiteralExpression:
        """A literal expression, or an element shaped like one (output entries, default outputs)."""
        language = xml.get("expressionLanguage")
        if language and "feel" not in language.lower():
            raise self.context.error(xml, f"unsupported expression language '{language}'")
        return LiteralExpression(xml.get("id", ""), self.context.expression(self.dmn.text(xml), xml))

    def decision_table(self, xml: etree._Element) -> DecisionTable:
        element_id = xml.get("id", "")
        hit_policy = xml.get("hitPolicy", "UNIQUE")
        if hit_policy not in HIT_POLICIES:
            raise self.context.error(xml, f"unknown hit policy '{hit_policy}'")
        aggregation = xml.get("aggregation")
        if aggregation is not None and aggregation not in AGGREGATIONS:
            raise self.context.error(xml, f"unknown aggregation '{aggregation}'")
        if hit_policy != "COLLECT":
            aggregation = None
        inputs = []
        for input_xml in self.dmn.children(xml, "input"):
            expression_xml = self.dmn.child(input_xml, "inputExpression")
            text = self.dmn.text(expression_xml) if expression_xml is not None else None
            inputs.append(
                TableInput(
                    input_xml.get("id", ""),
                    input_xml.get("label") or (text or "").strip()[:30],
                    self.context.expression(text, input_xml),
                )
            )
        outputs = []
        output_xmls = list(self.dmn.children(xml, "output"))
        for output_xml in output_xmls:
            name = output_xml.get("name")
            if name is None and len(output_xmls) > 1:
                raise self.context.error(output_xml, "an output of a table with several outputs needs a name")
            default_xml = self.dmn.child(output_xml, "defaultOutputEntry")
            outputs.append(
                TableOutput(
                    output_xml.get("id", ""),
                    name or "",
                    output_xml.get("label") or name or "",
                    self.context.output_values(self.dmn.text(self.dmn.child(output_xml, "outputValues"))),
                    self.literal(default_xml) if default_xml is not None else None,
                )
            )
        if aggregation is not None and len(outputs) > 1:
            raise self.context.error(xml, "hit policy 'COLLECT' with an aggregation needs a single output")
        rules = []
        for index, rule_xml in enumerate(self.dmn.children(xml, "rule"), start=1):
            input_entries = list(self.dmn.children(rule_xml, "inputEntry"))
            output_entries = list(self.dmn.children(rule_xml, "outputEntry"))
            if len(input_entries) != len(inputs) or len(output_entries) != len(outputs):
                raise self.context.error(
                    rule_xml,
                    f"expected {len(inputs)} input and {len(outputs)} output entries "
                    f"but found {len(input_entries)} and {len(output_entries)}",
                )
            rules.append(
                Rule(
                    rule_xml.get("id", ""),
                    index,
                    self.annotation(rule_xml),
                    [self.context.unary_tests(self.dmn.text(e), e) for e in input_entries],
                    [self.literal(e) for e in output_entries],
                )
            )
        return DecisionTable(element_id, hit_policy, aggregation, inputs, outputs, rules)

    def annotation(self, rule_xml: etree._Element) -> str | None:
        texts = [
            text.strip()
            for entry in self.dmn.children(rule_xml, "annotationEntry")
            if (text := self.dmn.text(entry)) and text.strip()
        ]
        if texts:
            return "; ".join(texts)
        description = self.dmn.child(rule_xml, "description")
        if description is not None and (description.text or "").strip():
            return (description.text or "").strip()
        return None
