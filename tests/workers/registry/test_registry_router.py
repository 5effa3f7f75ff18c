from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pyzeebe import Job, ZeebeTaskRouter

from workers.registry.router import JOB_TYPES, create_router
from workers.registry.settings import RegistrySettings


def job(job_type: str, variables: dict[str, Any], element_instance_key: int = 7001) -> Job:
    return Job(
        key=9001,
        type=job_type,
        process_instance_key=5001,
        bpmn_process_id="lg-project-application",
        process_definition_version=1,
        process_definition_key=4001,
        element_id="Task_Register",
        element_instance_key=element_instance_key,
        custom_headers={},
        worker="test",
        retries=3,
        deadline=0,
        variables=variables,
    )


def run(router: ZeebeTaskRouter, job_type: str, variables: dict[str, Any], **job_fields: Any) -> Any:
    task = router.get_task(job_type)
    fetched = {k: v for k, v in variables.items() if k in (task.config.variables_to_fetch or [])}
    arguments: dict[str, Any] = dict(fetched)
    if task.config.job_parameter_name:
        arguments[task.config.job_parameter_name] = job(job_type, variables, **job_fields)
    return task.original_function(**arguments)


@pytest.fixture
def router(tmp_path: Path) -> ZeebeTaskRouter:
    return create_router(RegistrySettings(url=f"sqlite:///{tmp_path / 'registry.db'}"))


def test_router_registers_every_registry_job_type_once(router: ZeebeTaskRouter) -> None:
    assert sorted(task.type for task in router.tasks) == sorted(JOB_TYPES)
    assert all(t.startswith("govit.registry.") for t in JOB_TYPES)


def test_variables_to_fetch_are_the_camel_case_inputs(router: ZeebeTaskRouter) -> None:
    fetched = router.get_task("govit.registry.record-filing").config.variables_to_fetch
    assert fetched is not None
    assert {"projectId", "filingKind", "dueDate", "filedOn", "ruleId", "authority"} == set(fetched)


def test_register_then_check_eligibility_through_the_job_handlers(router: ZeebeTaskRouter) -> None:
    variables = {"jurisdiction": "LG", "projectName": "智慧交通", "unit": "区交通局", "ignored": 1}
    registered = run(router, "govit.registry.register-project", variables)
    retried = run(router, "govit.registry.register-project", variables)
    assert registered == retried
    answer = run(
        router,
        "govit.registry.check-eligibility",
        {"eligibilityQuestion": "NEXT_PHASE", "projectId": registered["projectId"]},
    )
    assert answer["eligibility"]["blockers"][0]["ruleId"] == "LG-33-1"
    assert answer["eligibility"]["eligible"] is True
    assert answer["eligibility"]["needsOverride"] is True


@pytest.mark.parametrize(
    ("job_type", "variables", "worded"),
    [
        (
            "govit.registry.record-filing",
            {"projectId": "LG-1", "filingKind": "CONTRACT", "filedOn": "2026-02-30"},
            "备案日期 (filedOn) 应为日期 YYYY-MM-DD（或日期时间），收到 '2026-02-30'",
        ),
        (
            "govit.registry.record-milestone",
            {"projectId": "LG-1", "milestone": "GO_LIVE", "reachedOn": None},
            "达到日期 (reachedOn) 缺失",
        ),
        (
            "govit.registry.register-project",
            {"jurisdiction": "LG", "unit": "区交通局"},
            "项目名称 (projectName) 缺失",
        ),
    ],
)
def test_a_refused_job_variable_is_an_incident_naming_the_fact_in_words(
    router: ZeebeTaskRouter, job_type: str, variables: dict[str, Any], worded: str
) -> None:
    from workers.errors import PermanentJobError

    with pytest.raises(PermanentJobError) as caught:
        run(router, job_type, variables)
    assert str(caught.value) == worded
