"""Form validation as Tasklist does it: types, required, limits, patterns, options, hidden fields."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from govit.forms import FormError, fields, load_forms, parse_assignments, validate
from tests.govit.conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def form() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((FIXTURES / "forms/acceptance.form").read_text(encoding="utf-8"))
    return schema


def problems(
    schema: dict[str, Any], values: dict[str, Any], existing: dict[str, Any] | None = None
) -> list[str]:
    with pytest.raises(FormError) as refused:
        validate(schema, values, existing or {})
    return refused.value.problems


def test_values_typed_by_their_field(form: dict[str, Any]) -> None:
    values = parse_assignments(
        form, ["accepted=是", "reviewDays=5", "route=FILING", "documentNo=深龙〔2026〕1号"]
    )
    assert values == {"accepted": True, "reviewDays": 5, "route": "FILING", "documentNo": "深龙〔2026〕1号"}
    validate(form, values, {})


def test_a_hidden_required_field_is_not_asked(form: dict[str, Any]) -> None:
    validate(form, {"accepted": True, "reviewDays": 1, "route": "APPROVAL"}, {})
    assert problems(form, {"accepted": False, "reviewDays": 1, "route": "APPROVAL"}) == [
        "field 'refusalReason' (不予受理的理由) is required"
    ]


def test_a_value_already_in_the_task_satisfies_a_required_field(form: dict[str, Any]) -> None:
    validate(form, {"accepted": True}, {"reviewDays": 2, "route": "FILING"})


def test_limits_length_and_unknown_fields_are_named(form: dict[str, Any]) -> None:
    found = problems(
        form, {"accepted": False, "refusalReason": "不行", "reviewDays": 0, "route": "FILING", "note": "x"}
    )
    assert found == [
        "field 'refusalReason' (不予受理的理由) must be at least 4 characters long",
        "field 'reviewDays' (审核工作日) must be at least 1, got 0",
        "field 'note' is not on this form",
    ]


def test_wrong_types_in_json_values_are_named(form: dict[str, Any]) -> None:
    found = problems(form, {"accepted": "yes", "reviewDays": "5", "route": "FILING"})
    assert "field 'accepted' (正式受理) must be true or false, got 'yes'" in found
    assert "field 'reviewDays' (审核工作日) must be a number, got '5'" in found


def test_assignments_that_are_not_key_value_or_not_on_the_form(form: dict[str, Any]) -> None:
    with pytest.raises(FormError) as refused:
        parse_assignments(form, ["accepted", "colour=red", "accepted=maybe"])
    assert refused.value.problems == [
        "'accepted' is not key=value",
        "field 'colour' is not on this form",
        "field 'accepted' (正式受理): expected true or false, got 'maybe'",
    ]


def test_every_form_of_the_project_yields_its_fields() -> None:
    forms = load_forms(ROOT / "forms")
    assert len(forms) > 20
    assert {"accepted", "refusalReason", "experts"} <= {f.key for f in fields(forms["lg-formal-acceptance"])}


def shared_review() -> dict[str, Any]:
    return load_forms(ROOT / "forms")["shared-review"]


def test_an_option_may_be_given_by_the_label_the_clerk_sees() -> None:
    values = parse_assignments(shared_review(), ["decision=通过", "opinion=材料齐全，同意"])
    assert values["decision"] == "APPROVED"
    validate(shared_review(), values, {})


def test_a_refused_option_lists_every_value_with_its_label() -> None:
    refused = problems(shared_review(), {"decision": "同意", "opinion": "同意立项"})
    assert refused[:1] == [
        "field 'decision' (审核结论) must be one of APPROVED (通过), RETURNED (退回补正/修改), "
        "REJECTED (不予通过), got '同意'"
    ]


def limits(field_validate: dict[str, Any]) -> list[str]:
    return [
        str(int(value)) if float(value).is_integer() else str(value)
        for key, value in field_validate.items()
        if key in ("min", "max", "minLength", "maxLength") and value != 0
    ]


def test_every_field_hint_states_the_limits_the_form_checks() -> None:
    """A clerk refused for 至少 5 个字 or 质保期 ≥ 2 must have been told so beside the field."""
    silent = []
    for path in sorted((ROOT / "forms").rglob("*.form")):
        schema = json.loads(path.read_text(encoding="utf-8"))

        def walk(components: list[dict[str, Any]], where: Path = path) -> None:
            for component in components:
                shown = f"{component.get('label', '')} {component.get('description', '')}"
                missing = [n for n in limits(component.get("validate") or {}) if n not in shown]
                if missing:
                    silent.append(
                        f"{where.relative_to(ROOT)}: {component.get('key')} does not show {missing}"
                    )
                walk(component.get("components") or [])

        walk(schema["components"])
    assert silent == []


def test_a_date_field_refuses_what_is_not_a_calendar_day() -> None:
    schema = load_forms(ROOT / "forms")["lg-contract-check"]
    base = {
        "contractAmountYuan": 5_000_000,
        "formatContractWithAcceptanceClause": True,
        "resultsOwnershipClause": True,
        "warrantyYears": 2,
    }
    assert problems(schema, {**base, "contractSignedOn": "2026-02-30"}) == [
        "field 'contractSignedOn' (合同签订日期（LG-19-3）) must be a date YYYY-MM-DD, got '2026-02-30'"
    ]
    assert problems(schema, base) == ["field 'contractSignedOn' (合同签订日期（LG-19-3）) is required"]
    validate(schema, {**base, "contractSignedOn": "2026-03-02"}, {})


def test_a_hidden_condition_that_runs_away_is_named_as_the_fields_problem(form: dict[str, Any]) -> None:
    runaway = json.loads(json.dumps(form))
    for component in runaway["components"]:
        if component.get("key") == "refusalReason":
            component["conditional"] = {"hide": "=count(for i in 1..20000, j in 1..20000 return i) > 0"}
    [problem] = problems(runaway, {"accepted": True, "reviewDays": 1, "route": "APPROVAL"})
    assert problem.startswith("field 'refusalReason' (不予受理的理由): its hidden condition")
    assert "预算" in problem


def _project_form(path: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((ROOT / "forms" / path).read_text(encoding="utf-8"))
    return schema


def test_LG_19_1_LG_38_1_an_unticked_required_clause_is_refused_as_form_js_refuses_it() -> None:
    # form-js's Validator counts an unticked required checkbox as missing ("Field is required.")
    schema = _project_form("lg/contract-check.form")
    keys = {f.key for f in fields(schema)}
    assert {"formatContractWithAcceptanceClause", "resultsOwnershipClause"} <= keys
    found = problems(schema, {"formatContractWithAcceptanceClause": False, "resultsOwnershipClause": True})
    assert any("'formatContractWithAcceptanceClause'" in p and p.endswith("is required") for p in found)
    assert not any("'resultsOwnershipClause'" in p for p in found)


def test_an_unticked_correction_declaration_is_refused() -> None:
    schema = _project_form("shared/document-correction.form")
    found = problems(schema, {"correctionDeclared": False})
    assert any("'correctionDeclared'" in p and p.endswith("is required") for p in found)


def test_every_row_of_a_dynamic_list_is_checked_against_its_fields() -> None:
    schema = _project_form("shared/document-correction.form")
    rows = [
        {"material": "feasibility_study", "documentId": "doc-1", "fileName": "可研报告.pdf"},
        {"material": "可研报告", "documentId": "doc 2", "fileName": ""},
    ]
    found = [
        p for p in problems(schema, {"correctionDeclared": True, "documents": rows}) if "'documents'" in p
    ]
    assert found == [
        "field 'documents' (补正后的材料) row 2: field 'material' (材料代码) must match the pattern "
        "^[a-z][a-z0-9_]*$",
        "field 'documents' (补正后的材料) row 2: field 'documentId' (文件编号) must match the pattern "
        "^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$",
        "field 'documents' (补正后的材料) row 2: field 'fileName' (文件名) is required",
    ]


def test_LG_11_4_experts_must_come_from_the_pool_the_task_offers() -> None:
    schema = _project_form("lg/formal-acceptance.form")
    experts = next(f for f in fields(schema) if f.key == "experts")
    assert experts.values_key == "expertPool"
    pool = {"expertPool": [{"label": "张工（信息安全）", "value": "zhang"}, {"label": "李工", "value": "li"}]}
    found = problems(schema, {"accepted": True, "experts": ["zhang", "wang"]}, pool)
    assert (
        "field 'experts' (评审专家（LG-11-4、LG-12-6）) offers zhang (张工（信息安全）), li (李工); not wang"
        in found
    )


def test_length_limits_count_the_trimmed_text_and_patterns_are_searched(form: dict[str, Any]) -> None:
    # form-js: value.trim().length against minLength, RegExp.test for the pattern
    found = problems(
        form, {"accepted": False, "refusalReason": "  不行   ", "reviewDays": 1, "route": "FILING"}
    )
    assert found == ["field 'refusalReason' (不予受理的理由) must be at least 4 characters long"]
