"""Every HARD and SOFT rule of the catalog is carried by a DMN row, a BPMN element or a form, or listed.

Lists (decisions/): rules-without-process-effect.yaml (reason required) and rules-for-processes.yaml
(the element that will carry the rule; the process designers' to-do list, which may only shrink).
"""

from __future__ import annotations

import ast
import csv
import re
from pathlib import Path

import pytest
import yaml
from lxml import etree

PROJECT = Path(__file__).resolve().parents[2]
DECISIONS = PROJECT / "decisions"
RULE_ID = re.compile(r"\b(?:LG|HY|LZ|TH|YB)-\d+-\d+\b")
# Every rule left for the processes is carried by a BPMN element or a form now; the list stays empty.
PROCESS_TODO_CEILING = 0


@pytest.fixture(scope="module")
def forces(shared_dir: Path) -> dict[str, str]:
    with (shared_dir / "rules.csv").open(encoding="utf-8") as f:
        return {row["id"]: row["force"] for row in csv.DictReader(f)}


@pytest.fixture(scope="module")
def hard_and_soft(forces: dict[str, str]) -> set[str]:
    return {rule for rule, force in forces.items() if force in ("HARD", "SOFT")}


def dmn_annotations() -> dict[str, str]:
    """rule element id -> its annotation (DMN 1.3 <description>), over decisions/*.dmn."""
    found = {}
    for path in sorted(DECISIONS.glob("*.dmn")):
        for rule in etree.parse(str(path)).getroot().iter("{*}rule"):
            found[f"{path.name}#{rule.get('id')}"] = (rule.findtext("{*}description") or "").strip()
    return found


def cited_by_dmn() -> set[str]:
    return {rule for text in dmn_annotations().values() for rule in RULE_ID.findall(text)}


def cited_by_processes() -> set[str]:
    cited: set[str] = set()
    for path in sorted((PROJECT / "bpmn").glob("**/*.bpmn")):
        for doc in etree.parse(str(path)).getroot().iter("{*}documentation"):
            cited |= set(RULE_ID.findall(doc.text or ""))
    for path in sorted((PROJECT / "forms").glob("**/*.form")):
        cited |= set(RULE_ID.findall(path.read_text(encoding="utf-8")))
    return cited


def load_list(name: str) -> dict[str, str]:
    data = yaml.safe_load((DECISIONS / name).read_text(encoding="utf-8")) or {}
    assert isinstance(data, dict), f"decisions/{name}: expected a mapping of rule id to text"
    return {str(key): value for key, value in data.items()}


def test_every_hard_and_soft_rule_is_carried_or_listed(hard_and_soft, capsys):
    dmn, processes = cited_by_dmn(), cited_by_processes()
    without_effect = load_list("rules-without-process-effect.yaml")
    for_processes = load_list("rules-for-processes.yaml")
    missing = sorted(hard_and_soft - dmn - processes - set(without_effect) - set(for_processes))
    with capsys.disabled():
        print(
            f"\nrule coverage: {len(hard_and_soft)} HARD/SOFT rules; {len(hard_and_soft & dmn)} in DMN rows, "
            f"{len(hard_and_soft & processes - dmn)} only in BPMN/forms, {len(for_processes)} left for the "
            f"processes (decisions/rules-for-processes.yaml), {len(without_effect)} without process effect"
        )
    assert not missing, f"HARD/SOFT rules carried nowhere and listed nowhere: {missing}"


def test_rules_without_process_effect_give_a_reason(forces):
    entries = load_list("rules-without-process-effect.yaml")
    dmn = cited_by_dmn()
    for rule, reason in entries.items():
        assert forces.get(rule) in ("HARD", "SOFT"), f"{rule}: not a HARD/SOFT rule of rules.csv"
        assert isinstance(reason, str) and len(reason.split()) >= 5, (
            f"{rule}: the reason is missing or too short"
        )
        assert rule not in dmn, f"{rule}: a DMN row encodes it, so it has a process effect"


def test_rules_for_processes_name_their_element_and_only_shrink(forces, capsys):
    entries = load_list("rules-for-processes.yaml")
    without_effect = set(load_list("rules-without-process-effect.yaml"))
    carried = cited_by_dmn() | cited_by_processes()
    for rule, element in entries.items():
        assert forces.get(rule) in ("HARD", "SOFT"), f"{rule}: not a HARD/SOFT rule of rules.csv"
        assert isinstance(element, str) and re.search(r"(bpmn|forms)/", element), (
            f"{rule}: name the BPMN or form element that will carry it"
        )
        assert rule not in carried, (
            f"{rule}: already cited by a DMN row, BPMN or form; remove it from the list"
        )
        assert rule not in without_effect, f"{rule}: listed both as process work and as effect-free"
    with capsys.disabled():
        print(f"\nrules left for the processes: {len(entries)} (ceiling {PROCESS_TODO_CEILING})")
    assert len(entries) <= PROCESS_TODO_CEILING, "the to-do list grew: carry rules instead of listing them"


ANNOTATION = re.compile(
    r"^((?:[A-Z]{2}-\d+-\d+ (?:HARD|SOFT|INFO))(?:, [A-Z]{2}-\d+-\d+ (?:HARD|SOFT|INFO))*): \S"
)


def test_every_rule_row_cites_its_rules_with_their_force(forces):
    annotations = dmn_annotations()
    assert len(annotations) > 300
    for where, text in annotations.items():
        head = ANNOTATION.match(text)
        assert head, f"{where}: annotation must start 'LG-11-1 HARD, …: ', got {text[:60]!r}"
        for cited in head.group(1).split(", "):
            rule, force = cited.split(" ")
            assert rule in forces, f"{where}: {rule} is not in rules.csv"
            assert forces[rule] == force, f"{where}: {rule} is {forces[rule]} in rules.csv, annotated {force}"


def test_rule_element_ids_start_with_the_first_rule_they_encode():
    for where, text in dmn_annotations().items():
        element_id = where.split("#", 1)[1]
        first = RULE_ID.match(text)
        assert first, where
        prefix = first.group(0).replace("-", "_") + "_"
        assert element_id.startswith(prefix), f"{where}: id should start with {prefix}"
        assert re.fullmatch(r"[A-Z]{2}_\d+_\d+_[a-z0-9_]+", element_id), f"{where}: id not stable/readable"


def test_every_rule_a_dmn_row_encodes_has_a_test_named_after_it(hard_and_soft):
    """A test function name (LG_11_1) or a test-case id / data row ("LG-11-1 ...") per encoded rule."""
    named: set[str] = set()
    for path in Path(__file__).parent.glob("test_*.py"):
        if path.name == Path(__file__).name:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                named |= {m.replace("_", "-") for m in re.findall(r"(?:LG|HY|LZ|TH|YB)_\d+_\d+", node.name)}
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                head = RULE_ID.match(node.value)
                if head:
                    named.add(head.group(0))
    untested = sorted((cited_by_dmn() & hard_and_soft) - named)
    assert not untested, f"rules encoded in DMN without a test named after them: {untested}"
