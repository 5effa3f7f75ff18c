"""What the task page refuses, each said in Chinese on the page with nothing changed: an unticked
required declaration (form-js's own "Field is required."), a task completed by someone else
meanwhile, an unknown task, a task already done, a form that is gone or is not a form, and a file
the documents store refuses."""

from __future__ import annotations

import json
from typing import Any

from tests.web.browser import Browser, css, label, role
from tests.web.conftest import LG_START, WebApp, wait_until
from tests.web.test_web_signin import sign_in

REVIEWERS = "lg-ita-reviewers"


def open_as(browser: Browser, username: str, path: str) -> None:
    browser.open(fixed_time=LG_START)
    browser.goto(path)
    sign_in(browser, username)
    browser.wait_url(path + "$")


def one_task_process(name: str, form_id: str) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs-{name}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="web-{name}" name="工作台测试流程 {name}" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task"/>
    <bpmn:userTask id="task" name="测试任务 {name}">
      <bpmn:extensionElements>
        <zeebe:userTask/>
        <zeebe:formDefinition formId="{form_id}"/>
        <zeebe:assignmentDefinition candidateGroups="{REVIEWERS}"/>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>
""".encode()


def form(form_id: str, components: Any) -> bytes:
    body = {"id": form_id, "type": "default", "schemaVersion": 18, "components": components}
    return json.dumps(body, ensure_ascii=False).encode()


def deploy(web_app: WebApp, *resources: tuple[str, bytes]) -> dict[str, Any]:
    files = [("resources", (name, body, "application/octet-stream")) for name, body in resources]
    response = web_app.rest.post("/v2/deployments", files=files)
    assert response.status_code == 200, response.text
    return dict(response.json())


def claimed_task(web_app: WebApp, process_id: str, variables: dict[str, Any] | None = None) -> str:
    created = web_app.post(
        "/v2/process-instances", {"processDefinitionId": process_id, "variables": variables or {}}
    )
    instance = created["processInstanceKey"]
    task = wait_until(lambda: web_app.open_tasks(processInstanceKey=instance), f"the task of {process_id}")[0]
    web_app.assign(task["userTaskKey"], "ita-clerk")
    return str(task["userTaskKey"])


def test_unticked_required_declaration_is_refused_with_form_js_message_and_nothing_completed(
    web_app: WebApp, browser: Browser
) -> None:
    """The 补正 declaration (shared-document-correction) is required: form-js refuses the form."""
    sample_documents = [d for d in load_sample_documents() if d["material"] != "quotations"]
    lifecycle, _ = web_app.start_sample(
        projectName="龙岗区智慧城管平台（补正）", equipmentPurchase=True, documents=sample_documents
    )
    correction = web_app.task_of(lifecycle, "correct_documents")
    key = correction["userTaskKey"]
    open_as(browser, "owner-clerk", f"/tasks/{key}")
    browser.click(role("button", "领取任务"))
    browser.wait(role("button", "提交"))
    browser.click(role("button", "提交"))
    browser.wait(css(".fjs-form-field-error"))
    errors = browser.text(css(".fjs-form-field:has(input[type=checkbox]) .fjs-form-field-error"))
    assert errors == "Field is required."
    assert browser.text(css(".notice-error")).endswith("未提交任何内容。")
    browser.screenshot("task-declaration-required")
    assert web_app.task(key)["state"] == "CREATED"
    # ticked, it goes through
    browser.check(label("已按要求补正，并对所交材料的真实性负责"))
    browser.click(role("button", "提交"))
    browser.wait(css(".notice-info:has-text('已提交')"))
    assert wait_until(lambda: web_app.task(key)["state"] == "COMPLETED", "the completion")


def load_sample_documents() -> list[dict[str, str]]:
    from govit.project import load_project
    from tests.web.conftest import SAMPLE

    documents = load_project(SAMPLE).variables()["documents"]
    return [dict(d) for d in documents]


def test_a_task_completed_by_someone_else_meanwhile_is_refused_and_the_filled_form_is_kept(
    web_app: WebApp, browser: Browser
) -> None:
    lifecycle, _ = web_app.start_sample(projectName="龙岗区智慧城管平台（他人已办）")
    key = web_app.task_of(lifecycle, "pd_formal_acceptance")["userTaskKey"]
    web_app.assign(key, "ita-clerk")
    open_as(browser, "ita-clerk", f"/tasks/{key}")
    browser.wait(role("button", "提交"))
    browser.fill(label("不予受理的理由"), "材料深度不足，概算依据不全")
    # a colleague completes it from another screen
    web_app.complete(key, {"accepted": False, "refusalReason": "材料不全，退回"})
    browser.click(role("button", "提交"))
    browser.wait(css(".notice-error"))
    said = browser.text(css(".notice-error"))
    assert said.startswith(("该任务已不存在：可能已由他人办理完毕", "该任务已由他人办理")), said
    assert said.endswith("本次填写未提交。")
    assert browser.evaluate("document.querySelector('textarea').value") == "材料深度不足，概算依据不全"
    browser.screenshot("task-stale")
    # opened again, the page says it is done and offers no form
    browser.goto(f"/tasks/{key}")
    browser.wait(css(".notice-warn"))
    assert browser.text(css(".notice-warn")) == "该任务已完成，无需再办理。"
    assert browser.count(css(".fjs-form")) == 0


def test_an_unknown_task_says_so(web_app: WebApp, browser: Browser) -> None:
    open_as(browser, "ita-clerk", "/tasks/2251799813999999")
    browser.wait(css(".notice-error"))
    assert browser.text(css(".notice-error")) == "未找到任务 2251799813999999：该任务不存在，或您无权查看。"
    browser.screenshot("task-unknown")
    browser.goto("/tasks/not-a-key")
    browser.wait(css(".notice-error"))
    assert browser.text(css(".notice-error")) == "任务编号“not-a-key”无效。"


def test_a_form_that_is_gone_or_is_not_a_form_is_named_and_nothing_can_be_submitted(
    web_app: WebApp, browser: Browser
) -> None:
    deployed = deploy(
        web_app,
        ("web-gone.bpmn", one_task_process("gone", "web-gone-form")),
        (
            "web-gone.form",
            form("web-gone-form", [{"type": "textfield", "key": "x", "label": "说明", "id": "F1"}]),
        ),
        ("web-malformed.bpmn", one_task_process("malformed", "web-malformed-form")),
        ("web-malformed.form", form("web-malformed-form", "这不是字段列表")),
    )
    gone = claimed_task(web_app, "web-gone")
    malformed = claimed_task(web_app, "web-malformed")
    # the process owner deletes the form while the task is open
    form_key = next(
        d["form"]["formKey"]
        for d in deployed["deployments"]
        if d.get("form", {}).get("formId") == "web-gone-form"
    )
    response = web_app.rest.post(f"/v2/resources/{form_key}/deletion", json={})
    assert response.status_code in (200, 204), response.text

    open_as(browser, "ita-clerk", f"/tasks/{gone}")
    browser.wait(css(".notice-error"))
    said = browser.text(css(".notice-error"))
    assert said.startswith("该任务的表单在引擎中不存在"), said
    assert said.endswith("请联系流程负责人部署表单。")
    assert browser.count(role("button", "提交")) == 0
    browser.screenshot("task-form-missing")

    browser.goto(f"/tasks/{malformed}")
    browser.wait(css(".notice-error"))
    said = browser.text(css(".notice-error"))
    assert (
        said == "表单“web-malformed-form”缺少字段列表 components，无法办理该任务，请联系流程负责人修正表单。"
    )
    assert browser.count(role("button", "提交")) == 0
    assert web_app.task(gone)["state"] == web_app.task(malformed)["state"] == "CREATED"


def test_a_file_the_documents_store_refuses_is_named_and_the_task_stays_open(
    web_app: WebApp, browser: Browser
) -> None:
    components = [
        {"type": "textfield", "key": "note", "label": "说明", "id": "F1"},
        {"type": "filepicker", "key": "attachment", "label": "附件", "id": "F2"},
    ]
    deploy(
        web_app,
        ("web-upload.bpmn", one_task_process("upload", "web-upload-form")),
        ("web-upload.form", form("web-upload-form", components)),
    )
    key = claimed_task(web_app, "web-upload")
    open_as(browser, "ita-clerk", f"/tasks/{key}")
    browser.wait(role("button", "提交"))
    browser.fill(label("说明"), "附件见上传")
    # larger than the REST API takes (4 MiB, as Zeebe's gateway)
    browser.pick_files(css("input[type=file]"), ("会议纪要扫描件.pdf", "application/pdf", 5 * 1024 * 1024))
    browser.click(role("button", "提交"))
    browser.wait(css(".notice-error"))
    said = browser.text(css(".notice-error"))
    assert said == "文件“会议纪要扫描件.pdf”上传被拒绝：文件过大，超过服务器允许的上传大小。任务未提交。", (
        said
    )
    assert web_app.task(key)["state"] == "CREATED"
    browser.screenshot("task-upload-refused")

    browser.pick_files(css("input[type=file]"), ("会议纪要.pdf", "application/pdf", 2048))
    browser.click(role("button", "提交"))
    browser.wait(css(".notice-info:has-text('已提交')"))
    assert wait_until(lambda: web_app.task(key)["state"] == "COMPLETED", "the completion")
    instance = int(web_app.task(key)["processInstanceKey"])
    attachment = web_app.variable(instance, "attachment")
    assert isinstance(attachment, list) and len(attachment) == 1, attachment
    assert attachment[0]["camunda.document.type"] == "camunda"
    assert attachment[0]["metadata"]["fileName"] == "会议纪要.pdf"
    assert attachment[0]["metadata"]["size"] == 2048


def test_the_panel_is_chosen_from_the_expert_pool_only_never_typed_in(
    web_app: WebApp, browser: Browser
) -> None:
    """LG-11-4, LG-12-6: the experts come from the project's expert pool (a variable the form's
    taglist reads); a name outside it is no option, and no panel is refused by form-js."""
    lifecycle, _ = web_app.start_sample(projectName="龙岗区智慧城管平台（专家库）")
    key = web_app.task_of(lifecycle, "pd_formal_acceptance")["userTaskKey"]
    web_app.assign(key, "ita-clerk")
    open_as(browser, "ita-clerk", f"/tasks/{key}")
    browser.wait(role("button", "提交"))
    browser.check(label("材料深度和质量符合要求，概算合理，正式受理"))
    field = css(".fjs-form-field-taglist input")
    browser.click(field)
    browser.type(field, "专家")
    browser.wait(css(".fjs-dropdownlist-item"))
    assert browser.count(css(".fjs-dropdownlist-item")) == 3  # 专家甲, 乙, 丙 of the sample's pool
    browser.type(field, "丁")
    browser.wait(css(".fjs-dropdownlist-item"), state="detached")
    assert browser.count(css(".fjs-dropdownlist-item")) == 0
    browser.press(field, "Enter")
    assert browser.count(css(".fjs-taglist-tag")) == 0
    browser.click(role("button", "提交"))
    browser.wait(css(".fjs-form-field-taglist .fjs-form-field-error"))
    assert browser.text(css(".fjs-form-field-taglist .fjs-form-field-error")) == "Field is required."
    assert web_app.task(key)["state"] == "CREATED"
    browser.screenshot("task-expert-not-in-pool")
