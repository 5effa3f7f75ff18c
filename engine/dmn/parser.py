"""Parsing DMN 1.1-1.5 XML into a :class:`DmnModel`, validating it as Zeebe does at deploy time.

Every FEEL text is compiled here, once; evaluation never parses.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lxml import etree

from engine.dmn.decision_table import AGGREGATIONS, HIT_POLICIES, DecisionTable, Rule, TableInput, TableOutput
from engine.dmn.drg import (
    BusinessKnowledgeModel,
    Decision,
    DecisionService,
    DrgElement,
    InputData,
    Requirement,
)
from engine.dmn.errors import DmnParseError
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
from engine.dmn.feel_api import CompiledExpression, CompiledUnaryTests, InvalidExpression, InvalidUnaryTests
from engine.dmn.model import DmnModel
from engine.dmn.simple_tests import simple_unary_tests
from engine.dmn.types import (
    ANY,
    BuiltinType,
    ConstrainedType,
    ContextType,
    DmnType,
    FunctionItemType,
    ListType,
    NamedType,
    builtin_type,
    function_output_type,
)
from engine.dmn.xml import DMN_NAMESPACES, Dmn, local_name, read_xml
from engine.feel import FeelSyntaxError, compile_expression, compile_unary_tests

_EXPRESSION_KINDS = frozenset(
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
_RULE_PARTS = frozenset({"inputEntry", "outputEntry", "annotationEntry"})
_DRG_KINDS = {
    "inputData": "input data",
    "decision": "decision",
    "businessKnowledgeModel": "business knowledge model",
    "decisionService": "decision service",
}


def parse_dmn(source: Path | bytes | str, source_name: str | None = None, *, lazy: bool = False) -> DmnModel:
    """Parse a DMN model from a file path, XML bytes or XML text; raises :class:`DmnParseError`.

    Imported models are looked up beside a model read from a file, by ``locationURI`` or namespace.
    ``lazy`` keeps FEEL that does not parse and fails the decisions that evaluate it, as dmn-scala's
    lazy-evaluation mode does (the TCK runners use it); by default, as in Zeebe, it rejects the model.
    """
    return _Loader(lazy).load(source, source_name)


class _Loader:
    """Loads a model and, recursively, the models it imports (each file once)."""

    def __init__(self, lazy: bool) -> None:
        self.lazy = lazy
        self._by_path: dict[Path, DmnModel] = {}
        self._loading: set[Path] = set()

    def load(self, source: Path | bytes | str, source_name: str | None) -> DmnModel:
        directory: Path | None = None
        if isinstance(source, Path) or (isinstance(source, str) and not source.lstrip().startswith("<")):
            path = Path(source)
            name = source_name or str(path)
            try:
                data = path.read_bytes()
            except OSError as err:
                raise DmnParseError(name, None, f"cannot read the file: {err.strerror}") from err
            directory = path.resolve().parent
        else:
            data = source.encode("utf-8") if isinstance(source, str) else source
            name = source_name or "<dmn>"
        try:
            root = read_xml(data)
        except (etree.XMLSyntaxError, ValueError) as err:
            raise DmnParseError(name, None, f"invalid XML: {err}") from err
        return _ModelReader(root, name, directory, self).read()

    def load_import(
        self, directory: Path | None, location: str | None, namespace: str, importer: str
    ) -> DmnModel:
        if directory is None:
            raise DmnParseError(
                importer, f"import '{namespace}'", "imports can only be resolved for model files"
            )
        path = self._locate(directory, location, namespace)
        if path is None:
            raise DmnParseError(
                importer, f"import '{namespace}'", "no DMN model with this namespace beside the model"
            )
        path = path.resolve()
        if path in self._by_path:
            return self._by_path[path]
        if path in self._loading:
            raise DmnParseError(importer, f"import '{namespace}'", "circular import")
        self._loading.add(path)
        model = self.load(path, str(path.name))
        self._loading.discard(path)
        self._by_path[path] = model
        return model

    @staticmethod
    def _locate(directory: Path, location: str | None, namespace: str) -> Path | None:
        if location:
            candidate = directory / location
            if candidate.is_file():
                return candidate
        for candidate in sorted(directory.glob("*.dmn")):
            try:
                root = read_xml(candidate.read_bytes())
            except (etree.XMLSyntaxError, ValueError, OSError):
                continue
            if root.get("namespace") == namespace:
                return candidate
        return None


class _ModelReader:
    def __init__(self, root: etree._Element, source: str, directory: Path | None, loader: _Loader) -> None:
        self.root = root
        self.source = source
        self.directory = directory
        self.loader = loader
        namespace = etree.QName(root).namespace or ""
        if namespace not in DMN_NAMESPACES or local_name(root) != "definitions":
            raise DmnParseError(source, None, "not a DMN model: the root must be a DMN 1.1-1.5 <definitions>")
        self.dmn = Dmn(namespace)
        self.model = DmnModel(
            name=root.get("name", ""), namespace=root.get("namespace", ""), source_name=source
        )
        self.prefix_by_namespace: dict[str, str] = {}
        self.names: tuple[str, ...] = ()

    # -- errors and FEEL ------------------------------------------------------------------------

    def error(self, element: etree._Element | None, reason: str) -> DmnParseError:
        return DmnParseError(self.source, self.describe(element) if element is not None else None, reason)

    def describe(self, element: etree._Element) -> str:
        node: etree._Element | None = element
        while node is not None:
            if isinstance(node.tag, str):
                kind = local_name(node)
                if kind in _RULE_PARTS and node.getparent() is not None:
                    node = node.getparent()
                    continue
                if node.get("id"):
                    label = _DRG_KINDS.get(kind, kind)
                    return f"{label} '{node.get('id')}'"
            node = node.getparent()
        return "definitions"

    def expression(self, text: str | None, element: etree._Element) -> CompiledExpression | None:
        if text is None or not text.strip():
            return None
        try:
            compiled: CompiledExpression = compile_expression(text, names=self.names)
        except FeelSyntaxError as err:
            if self.loader.lazy:
                return InvalidExpression(f"{self.describe(element)}: {err}")
            raise self.error(element, str(err)) from err
        return compiled

    def unary_tests(self, text: str | None, element: etree._Element) -> CompiledUnaryTests | None:
        if text is None or not text.strip() or text.strip() == "-":
            return None
        try:
            compiled: CompiledUnaryTests = compile_unary_tests(text, names=self.names)
        except FeelSyntaxError as err:
            if self.loader.lazy:
                return InvalidUnaryTests(f"{self.describe(element)}: {err}")
            raise self.error(element, str(err)) from err
        return simple_unary_tests(text, compiled)

    # -- the model -------------------------------------------------------------------------------

    def read(self) -> DmnModel:
        self.read_imports()
        self.names = self.collect_names()
        self.model.names = frozenset(self.names)
        self.read_item_definitions()
        drg = self.declare_elements()
        for element, xml in drg:
            self.define(element, xml)
        return self.model

    def read_imports(self) -> None:
        for element in self.dmn.children(self.root, "import"):
            import_type = element.get("importType", "")
            if import_type and import_type not in DMN_NAMESPACES:
                continue  # XML schema or PMML imports carry no decision logic
            namespace = element.get("namespace", "")
            name = element.get("name", "")
            imported = self.loader.load_import(
                self.directory, element.get("locationURI"), namespace, self.source
            )
            self.model.imports[name] = imported
            self.prefix_by_namespace[namespace] = name

    def collect_names(self) -> tuple[str, ...]:
        names: set[str] = set()
        for element in self.root.iter(etree.Element):
            for attribute in ("name", "iteratorVariable"):
                value = element.get(attribute)
                if value:
                    names.add(value)
        for prefix, imported in self.model.imports.items():
            names.add(prefix)
            names.update(imported.names)
        return tuple(sorted(names))

    # -- types -----------------------------------------------------------------------------------

    def read_item_definitions(self) -> None:
        definitions = list(self.dmn.children(self.root, "itemDefinition"))
        for element in definitions:
            self.model.item_definitions[element.get("name", "")] = NamedType()
        for element in definitions:
            named = self.model.item_definitions[element.get("name", "")]
            named.name = element.get("name", "")
            named.target = self.item_type(element)

    def item_type(self, element: etree._Element) -> DmnType:
        components = list(self.dmn.children(element, "itemComponent"))
        base: DmnType
        if components:
            base = ContextType({c.get("name", ""): self.item_type(c) for c in components})
        elif (function_item := self.dmn.child(element, "functionItem")) is not None:
            base = FunctionItemType(self.type_ref(function_item.get("outputTypeRef")))
        else:
            base = self.type_ref(self.dmn.text(element, "typeRef"))
        constraints = [
            tests
            for part in ("allowedValues", "typeConstraint")
            if (holder := self.dmn.child(element, part)) is not None
            and (tests := self.unary_tests(self.dmn.text(holder), holder)) is not None
        ]
        if constraints:
            base = ConstrainedType(base, tuple(constraints))
        if element.get("isCollection") == "true":
            base = ListType(base)
        return base

    def type_ref(self, text: str | None) -> DmnType:
        if text is None or not text.strip():
            return ANY
        name = text.strip()
        builtin = builtin_type(name)
        if builtin is not None:
            return builtin
        if name in self.model.item_definitions:
            return self.model.item_definitions[name]
        prefix, _, local = name.partition(".")
        if local and prefix in self.model.imports:
            imported = self.model.imports[prefix].item_definitions.get(local)
            if imported is not None:
                return imported
        if name.startswith("list<") and name.endswith(">"):
            return ListType(self.type_ref(name[5:-1]))
        if name.startswith("context<"):
            return BuiltinType("context")
        return ANY

    def variable_type(self, element: etree._Element) -> DmnType:
        variable = self.dmn.child(element, "variable")
        return self.type_ref(variable.get("typeRef") if variable is not None else None)

    # -- DRG elements ----------------------------------------------------------------------------

    def declare_elements(self) -> list[tuple[DrgElement, etree._Element]]:
        declared: list[tuple[DrgElement, etree._Element]] = []
        namespace = self.model.namespace
        for xml in self.dmn.children(self.root):
            kind = local_name(xml)
            if kind not in _DRG_KINDS:
                continue
            element_id = xml.get("id") or xml.get("name") or ""
            if element_id in self.model.elements:
                raise self.error(xml, f"duplicate {_DRG_KINDS[kind]} id")
            name = xml.get("name", "")
            element: DrgElement
            if kind == "inputData":
                element = InputData(element_id, name, namespace)
            elif kind == "decision":
                element = Decision(element_id, name, namespace)
            elif kind == "businessKnowledgeModel":
                element = BusinessKnowledgeModel(element_id, name, namespace)
            else:
                element = DecisionService(element_id, name, namespace)
            self.model.elements[element_id] = element
            declared.append((element, xml))
        return declared

    def resolve(
        self, href: str | None, kinds: tuple[type[DrgElement], ...], xml: etree._Element, what: str
    ) -> Requirement:
        namespace, _, element_id = (href or "").rpartition("#")
        prefix: str | None = None
        elements = self.model.elements
        if namespace and namespace != self.model.namespace:
            prefix = self.prefix_by_namespace.get(namespace)
            if prefix is None:
                raise self.error(xml, f"{what} '{href}' refers to a model that is not imported")
            elements = self.model.imports[prefix].elements
        target = elements.get(element_id)
        if not isinstance(target, kinds):
            raise self.error(xml, f"{what} '{href}' not found")
        return Requirement(target, prefix)

    def requirements(
        self, xml: etree._Element
    ) -> tuple[list[Requirement], list[Requirement], list[Requirement]]:
        decisions: list[Requirement] = []
        inputs: list[Requirement] = []
        knowledge: list[Requirement] = []
        for holder in self.dmn.children(xml, "informationRequirement"):
            for ref in self.dmn.children(holder, "requiredDecision"):
                decisions.append(self.resolve(ref.get("href"), (Decision,), xml, "required decision"))
            for ref in self.dmn.children(holder, "requiredInput"):
                inputs.append(self.resolve(ref.get("href"), (InputData,), xml, "required input"))
        for holder in self.dmn.children(xml, "knowledgeRequirement"):
            for ref in self.dmn.children(holder, "requiredKnowledge"):
                knowledge.append(
                    self.resolve(
                        ref.get("href"), (BusinessKnowledgeModel, DecisionService), xml, "required knowledge"
                    )
                )
        return decisions, inputs, knowledge

    def define(self, element: DrgElement, xml: etree._Element) -> None:
        if isinstance(element, InputData):
            element.type = self.variable_type(xml)
        elif isinstance(element, Decision):
            element.type = self.variable_type(xml)
            decisions, inputs, knowledge = self.requirements(xml)
            element.required_decisions, element.required_inputs, element.required_knowledge = (
                decisions,
                inputs,
                knowledge,
            )
            element.logic = self.child_expression(xml)
        elif isinstance(element, BusinessKnowledgeModel):
            _, _, element.required_knowledge = self.requirements(xml)
            logic = self.dmn.child(xml, "encapsulatedLogic")
            if logic is not None:
                parameters = list(self.dmn.children(logic, "formalParameter"))
                element.params = [p.get("name", "") for p in parameters]
                element.param_types = [self.type_ref(p.get("typeRef")) for p in parameters]
                element.body = self.child_expression(logic)
        elif isinstance(element, DecisionService):
            element.output_decisions = self.service_refs(xml, "outputDecision", Decision)
            element.input_decisions = self.service_refs(xml, "inputDecision", Decision)
            element.input_data = self.service_refs(xml, "inputData", InputData)
            element.result_type = function_output_type(self.variable_type(xml))

    def service_refs(self, xml: etree._Element, part: str, kind: type[Any]) -> list[Any]:
        return [
            self.resolve(ref.get("href"), (kind,), xml, part).element for ref in self.dmn.children(xml, part)
        ]

    # -- boxed expressions -----------------------------------------------------------------------

    def child_expression(self, xml: etree._Element) -> Expression | None:
        for child in self.dmn.children(xml):
            if local_name(child) in _EXPRESSION_KINDS:
                return self.boxed(child)
        return None

    def required_child(self, xml: etree._Element, part: str) -> Expression:
        holder = self.dmn.child(xml, part)
        body = self.child_expression(holder) if holder is not None else None
        if body is None:
            raise self.error(xml, f"<{local_name(xml)}> needs an expression in <{part}>")
        return body

    def boxed(self, xml: etree._Element) -> Expression:
        expression = self.untyped_boxed(xml)
        declared = self.type_ref(xml.get("typeRef"))
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
                        self.type_ref(variable.get("typeRef")) if variable is not None else ANY,
                        self.child_expression(entry),
                    )
                )
            return BoxedContext(element_id, entries)
        if kind == "invocation":
            function = self.child_expression(xml)
            if function is None:
                raise self.error(xml, "invocation without a function to call")
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
                    self.boxed(c) for c in self.dmn.children(row) if local_name(c) in _EXPRESSION_KINDS
                ]
                if len(cells) != len(columns):
                    raise self.error(row, f"expected {len(columns)} cells in the row but found {len(cells)}")
                rows.append(cells)
            return Relation(element_id, columns, rows)
        if kind == "list":
            return ListExpression(
                element_id,
                [self.boxed(c) for c in self.dmn.children(xml) if local_name(c) in _EXPRESSION_KINDS],
            )
        if kind == "functionDefinition":
            parameters = list(self.dmn.children(xml, "formalParameter"))
            return FunctionDefinition(
                element_id,
                [p.get("name", "") for p in parameters],
                [self.type_ref(p.get("typeRef")) for p in parameters],
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

    def literal(self, xml: etree._Element) -> LiteralExpression:
        """A literal expression, or an element shaped like one (output entries, default outputs)."""
        language = xml.get("expressionLanguage")
        if language and "feel" not in language.lower():
            raise self.error(xml, f"unsupported expression language '{language}'")
        return LiteralExpression(xml.get("id", ""), self.expression(self.dmn.text(xml), xml))

    def decision_table(self, xml: etree._Element) -> DecisionTable:
        element_id = xml.get("id", "")
        hit_policy = xml.get("hitPolicy", "UNIQUE")
        if hit_policy not in HIT_POLICIES:
            raise self.error(xml, f"unknown hit policy '{hit_policy}'")
        aggregation = xml.get("aggregation")
        if aggregation is not None and aggregation not in AGGREGATIONS:
            raise self.error(xml, f"unknown aggregation '{aggregation}'")
        if hit_policy != "COLLECT":
            aggregation = None
        inputs = []
        for input_xml in self.dmn.children(xml, "input"):
            expression_xml = self.dmn.child(input_xml, "inputExpression")
            text = self.dmn.text(expression_xml) if expression_xml is not None else None
            inputs.append(
                TableInput(
                    input_xml.get("id", ""),
                    input_xml.get("label") or (text or "").strip(),
                    self.expression(text, input_xml),
                    self.type_ref(expression_xml.get("typeRef") if expression_xml is not None else None),
                )
            )
        outputs = []
        output_xmls = list(self.dmn.children(xml, "output"))
        for output_xml in output_xmls:
            name = output_xml.get("name")
            if name is None and len(output_xmls) > 1:
                raise self.error(output_xml, "an output of a table with several outputs needs a name")
            default_xml = self.dmn.child(output_xml, "defaultOutputEntry")
            outputs.append(
                TableOutput(
                    output_xml.get("id", ""),
                    name or "",
                    self.type_ref(output_xml.get("typeRef")),
                    self.output_values(output_xml),
                    self.literal(default_xml) if default_xml is not None else None,
                )
            )
        if aggregation is not None and len(outputs) > 1:
            raise self.error(xml, "hit policy 'COLLECT' with an aggregation needs a single output")
        rules = []
        for index, rule_xml in enumerate(self.dmn.children(xml, "rule"), start=1):
            input_entries = list(self.dmn.children(rule_xml, "inputEntry"))
            output_entries = list(self.dmn.children(rule_xml, "outputEntry"))
            if len(input_entries) != len(inputs) or len(output_entries) != len(outputs):
                raise self.error(
                    rule_xml,
                    f"expected {len(inputs)} input and {len(outputs)} output entries "
                    f"but found {len(input_entries)} and {len(output_entries)}",
                )
            rules.append(
                Rule(
                    rule_xml.get("id", ""),
                    index,
                    self.annotation(rule_xml),
                    [self.unary_tests(self.dmn.text(e), e) for e in input_entries],
                    [self.literal(e) for e in output_entries],
                )
            )
        return DecisionTable(element_id, hit_policy, aggregation, inputs, outputs, rules)

    def output_values(self, output_xml: etree._Element) -> CompiledExpression | None:
        text = self.dmn.text(self.dmn.child(output_xml, "outputValues"))
        if text is None or not text.strip():
            return None
        try:
            compiled: CompiledExpression = compile_expression(f"[{text}]", names=self.names)
        except FeelSyntaxError:
            return None  # values that are not a plain list of literals give no priority order
        return compiled

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
