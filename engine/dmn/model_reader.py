"""Reading a DMN model: ids, imports, item definitions, the DRG and its requirements."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml import etree

from engine.dmn.drg import (
    BusinessKnowledgeModel,
    Decision,
    DecisionService,
    DrgElement,
    InputData,
    Requirement,
)
from engine.dmn.errors import DmnParseError
from engine.dmn.expression_reader import ExpressionReader
from engine.dmn.model import DmnModel
from engine.dmn.reading import DRG_KINDS, ReadContext
from engine.dmn.type_reader import TypeReader
from engine.dmn.types import function_output_type
from engine.dmn.xml import DMN_NAMESPACES, Dmn, local_name

if TYPE_CHECKING:
    from engine.dmn.parser import Loader


class ModelReader:
    """Reads one model file; imported models come already read from the loader."""

    def __init__(self, root: etree._Element, source: str, directory: Path | None, loader: Loader) -> None:
        self.root = root
        self.source = source
        self.directory = directory
        self.loader = loader
        namespace = etree.QName(root).namespace or ""
        if namespace not in DMN_NAMESPACES or local_name(root) != "definitions":
            raise DmnParseError(source, None, "not a DMN model: the root must be a DMN 1.1-1.5 <definitions>")
        self.dmn = Dmn(namespace)
        self.model = DmnModel(
            name=root.get("name", ""),
            namespace=root.get("namespace", ""),
            source_name=source,
            id=root.get("id", ""),
        )
        self.context = ReadContext(source, self.dmn, self.model, loader.lazy)
        self.types = TypeReader(self.context)
        self.expressions = ExpressionReader(self.context, self.types)
        self.prefix_by_namespace: dict[str, str] = {}

    def error(self, element: etree._Element, reason: str) -> DmnParseError:
        return self.context.error(element, reason)

    def read(self) -> DmnModel:
        self.check_unique_ids()
        self.read_imports()
        self.context.names = self.collect_names()
        self.model.names = frozenset(self.context.names)
        self.types.read_item_definitions(self.root)
        self.context.types = self.types.type_checks()
        drg = self.declare_elements()
        for element, xml in drg:
            self.define(element, xml)
        self.check_acyclic(drg)
        return self.model

    def check_acyclic(self, drg: list[tuple[DrgElement, etree._Element]]) -> None:
        """dmn-scala rejects decisions that require themselves and, at deployment, knowledge models
        that require themselves (no recursion); lazy reading allows recursive knowledge models."""
        done: set[DrgElement] = set()
        for element, xml in drg:
            if isinstance(element, Decision) or (
                isinstance(element, BusinessKnowledgeModel) and not self.context.lazy
            ):
                self.visit(element, xml, [], done)

    def visit(
        self, element: DrgElement, xml: etree._Element, path: list[DrgElement], done: set[DrgElement]
    ) -> None:
        if element in done:
            return
        if element in path:
            cycle = " -> ".join(e.id for e in [*path[path.index(element) :], element])
            kind = "decision" if isinstance(element, Decision) else "knowledge"
            raise self.error(xml, f"cyclic {kind} requirements: {cycle}")
        path.append(element)
        for required in _required(element):
            self.visit(required, xml, path, done)
        path.pop()
        done.add(element)

    def check_unique_ids(self) -> None:
        """Ids are XML IDs: unique in the document, as the DMN schema (and Zeebe's parser) demands."""
        seen: set[str] = set()
        for element in self.root.iter(etree.Element):
            element_id = element.get("id")
            if element_id is None or not self.dmn.is_dmn(element):
                continue
            if element_id in seen:
                kind = local_name(element)
                label = f"{DRG_KINDS[kind]} id" if kind in DRG_KINDS else "id"
                raise DmnParseError(
                    self.source, f"{DRG_KINDS.get(kind, kind)} '{element_id}'", f"duplicate {label}"
                )
            seen.add(element_id)

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

    # -- DRG elements ----------------------------------------------------------------------------

    def declare_elements(self) -> list[tuple[DrgElement, etree._Element]]:
        declared: list[tuple[DrgElement, etree._Element]] = []
        namespace = self.model.namespace
        for xml in self.dmn.children(self.root):
            kind = local_name(xml)
            if kind not in DRG_KINDS:
                continue
            element_id = xml.get("id") or xml.get("name") or ""
            name = xml.get("name", "")
            element: DrgElement
            if kind == "inputData":
                element = InputData(element_id, name, namespace)
            elif kind == "decision":
                variable = self.dmn.child(xml, "variable")
                element = Decision(
                    element_id, name, namespace, variable.get("name", "") if variable is not None else ""
                )
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
            element.type = self.types.variable_type(xml)
        elif isinstance(element, Decision):
            element.type = self.types.variable_type(xml)
            decisions, inputs, knowledge = self.requirements(xml)
            element.required_decisions, element.required_inputs, element.required_knowledge = (
                decisions,
                inputs,
                knowledge,
            )
            element.logic = self.expressions.child_expression(xml)
            if element.logic is None and not self.context.lazy:
                raise self.error(xml, "the decision has no decision logic")
        elif isinstance(element, BusinessKnowledgeModel):
            _, _, element.required_knowledge = self.requirements(xml)
            element.result_type = function_output_type(self.types.variable_type(xml))
            logic = self.dmn.child(xml, "encapsulatedLogic")
            if logic is not None:
                parameters = list(self.dmn.children(logic, "formalParameter"))
                element.params = [p.get("name", "") for p in parameters]
                element.param_types = [self.types.type_ref(p.get("typeRef")) for p in parameters]
                element.body = self.expressions.child_expression(logic)
        elif isinstance(element, DecisionService):
            element.output_decisions = self.service_refs(xml, "outputDecision", Decision)
            element.input_decisions = self.service_refs(xml, "inputDecision", Decision)
            element.input_data = self.service_refs(xml, "inputData", InputData)
            element.result_type = function_output_type(self.types.variable_type(xml))

    def service_refs(self, xml: etree._Element, part: str, kind: type[Any]) -> list[Any]:
        return [
            self.resolve(ref.get("href"), (kind,), xml, part).element for ref in self.dmn.children(xml, part)
        ]


def _required(element: DrgElement) -> list[DrgElement]:
    if isinstance(element, Decision):
        return [r.element for r in element.required_decisions]
    if isinstance(element, BusinessKnowledgeModel):
        return [
            r.element for r in element.required_knowledge if isinstance(r.element, BusinessKnowledgeModel)
        ]
    return []
