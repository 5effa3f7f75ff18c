from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from workers.registry.models import RecordFiling, RegisterProject


@pytest.mark.parametrize(
    ("given", "day"),
    [
        ("2026-10-13", date(2026, 10, 13)),
        ("2026-10-13T17:30:00+08:00", date(2026, 10, 13)),  # a due date from the deadlines worker
        ("2026-06-01T10:00:00.123+08:00[Asia/Shanghai]", date(2026, 6, 1)),  # FEEL now()
        ("2026-06-01T17:00:00Z", date(2026, 6, 2)),  # 01:00 the next day in Shanghai
        ("2026-06-01T23:00:00", date(2026, 6, 1)),  # no offset: read as it stands
    ],
)
def test_days_are_read_from_dates_and_date_times_as_shanghai_days(given: str, day: date) -> None:
    filing = RecordFiling.model_validate({"projectId": "p", "filingKind": "CONTRACT", "dueDate": given})
    assert filing.due_date == day


def test_a_bad_day_names_the_variable() -> None:
    with pytest.raises(ValidationError, match="dueDate"):
        RecordFiling.model_validate(
            {"projectId": "p", "filingKind": "CONTRACT", "dueDate": "next Tuesday morning"}
        )


def test_unknown_jurisdiction_and_filing_kind_are_refused() -> None:
    with pytest.raises(ValidationError, match="jurisdiction"):
        RegisterProject.model_validate({"jurisdiction": "SZ", "projectName": "x", "unit": "y"})
    with pytest.raises(ValidationError, match="filingKind"):
        RecordFiling.model_validate({"projectId": "p", "filingKind": "CONTRACTS"})


def test_outputs_use_the_camel_case_names_of_the_process() -> None:
    assert RecordFiling.variable_names() == [
        "projectId",
        "filingKind",
        "authority",
        "ruleId",
        "dueDate",
        "filedOn",
    ]


def test_amounts_in_yuan_reach_the_process_as_numbers() -> None:
    from decimal import Decimal

    from pydantic import TypeAdapter

    from workers.registry.models import Yuan

    adapter = TypeAdapter(Yuan)
    assert adapter.dump_python(Decimal("500000.00"), mode="json") == 500000
    assert adapter.dump_python(Decimal("1234.56"), mode="json") == 1234.56
