from __future__ import annotations

import pytest

from workers.errors import PermanentJobError
from workers.notifications.models import MessageFacts, NotificationTemplate
from workers.notifications.templates import REQUIRED, TEMPLATE_NAMES, render

FACTS = MessageFacts.model_validate(
    {
        "projectName": "智慧<b>校园</b>",
        "taskName": "初步审核",
        "dueDate": "2026-06-12",
        "reason": "缺少可行性研究报告",
        "decision": "退回",
        "filingKind": "CONTRACT",
        "ruleId": "LG-19-3",
        "unit": "区教育局",
        "link": "https://tasklist.example.gov.cn/tasks/1?a=1&b=2",
    }
)


@pytest.mark.parametrize("template", list(NotificationTemplate))
def test_every_template_renders_chinese_text_and_escaped_html(template: NotificationTemplate) -> None:
    message = render(template, FACTS, "张伟")
    assert "智慧<b>校园</b>" in message.subject
    assert message.text.startswith("张伟，您好：")
    assert "智慧&lt;b&gt;校园&lt;/b&gt;" in message.html
    assert "<b>" not in message.html
    assert "a=1&amp;b=2" in message.html


def test_filing_due_names_the_filing_and_the_authority_in_chinese() -> None:
    message = render(NotificationTemplate.FILING_DUE, FACTS, None)
    assert message.subject == "【备案提醒】智慧<b>校园</b>：合同备案应于 2026年6月12日 前完成"
    assert "报信息化主管部门备案（依据 LG-19-3）" in message.text
    assert message.text.startswith("您好：")


@pytest.mark.parametrize(
    "template", [NotificationTemplate.REJECTED, NotificationTemplate.RETURNED_FOR_CORRECTION]
)
def test_a_template_missing_a_fact_it_needs_names_it(template: NotificationTemplate) -> None:
    assert "reason" in REQUIRED[template]
    with pytest.raises(PermanentJobError, match=rf"通知（{template.value}）缺少 原因 \(reason\)"):
        render(template, FACTS.model_copy(update={"reason": None}), "张伟")


def test_templates_run_in_a_sandbox() -> None:
    from jinja2.sandbox import SandboxedEnvironment

    from workers.notifications import templates

    assert isinstance(templates._HTML, SandboxedEnvironment)
    assert templates._HTML.autoescape is True


@pytest.mark.parametrize(
    ("due", "shown"),
    [
        ("2026-10-13", "2026年10月13日"),
        ("2026-10-13T17:30:00+08:00", "2026年10月13日 17:30"),
        ("2026-10-13T17:30+08:00[Asia/Shanghai]", "2026年10月13日 17:30"),
        ("2026-10-13T17:30:00[Asia/Shanghai]", "2026年10月13日 17:30"),
        ("2026-10-13T09:30:00Z", "2026年10月13日 17:30"),
        ("2026-10-13T17:30", "2026年10月13日 17:30"),
        ("2026-06-12T23:30:00-04:00", "2026年6月13日 11:30"),
    ],
)
def test_a_due_day_or_date_time_is_shown_in_chinese_in_shanghai_time(due: str, shown: str) -> None:
    facts = FACTS.model_validate({**FACTS.to_variables(), "dueDate": due})
    message = render(NotificationTemplate.REMINDER, facts, "张伟")
    assert message.subject == f"【到期提醒】智慧<b>校园</b>：初步审核将于 {shown} 到期"
    assert f"将于 {shown} 到期" in message.text and f"将于 {shown} 到期" in message.html


def test_the_deadline_workers_due_date_time_keeps_its_instant_in_the_job_variables() -> None:
    facts = MessageFacts.model_validate({"dueDate": "2026-10-13T17:30+08:00[Asia/Shanghai]"})
    assert facts.to_variables()["dueDate"] == "2026-10-13T17:30:00+08:00"
    assert MessageFacts.model_validate({"dueDate": "2026-10-13"}).to_variables()["dueDate"] == "2026-10-13"


@pytest.mark.parametrize("due", ["2026-13-01", "下周一", "2026-10-13T17:30[Mars/Base]", 20261013])
def test_a_due_date_that_is_not_a_date_names_the_variable(due: object) -> None:
    with pytest.raises(ValueError, match=r"dueDate\n.*is not an ISO 8601 date or date-time"):
        MessageFacts.model_validate({"dueDate": due})


def test_every_filing_kind_the_registry_knows_has_a_chinese_name() -> None:
    from workers.notifications.templates import FILING_KIND_NAMES
    from workers.registry.models import FilingKind

    assert {kind.value for kind in FilingKind} - set(FILING_KIND_NAMES) == set()


def test_TH_27_4_TH_24_1_a_decision_notice_tells_the_unit_what_was_decided_why_and_by_when() -> None:
    facts = FACTS.model_validate(
        {
            **FACTS.to_variables(),
            "taskName": "竣工财务决算延期申请",
            "decision": "批准延期",
            "reason": "审计报告尚未出具，同意延长",
            "dueDate": "2027-03-31",
            "ruleId": "TH-27-4",
            "authority": "FIN",
        }
    )
    message = render(NotificationTemplate.DECISION, facts, "张伟")
    assert message.subject == "【处理决定】智慧<b>校园</b>：竣工财务决算延期申请——批准延期"
    decided = "项目「智慧<b>校园</b>」（区教育局）的「竣工财务决算延期申请」，财政部门决定：批准延期"
    assert decided in message.text
    assert "理由：审计报告尚未出具，同意延长（依据 TH-27-4）" in message.text
    assert "办理期限：2027年3月31日" in message.text


@pytest.mark.parametrize("missing", ["decision", "reason", "taskName"])
def test_a_decision_notice_without_the_decision_or_its_reason_is_not_sent(missing: str) -> None:
    facts = FACTS.model_validate({**FACTS.to_variables(), "decision": "限期整改", missing: None})
    with pytest.raises(PermanentJobError, match=rf"处理决定通知（DECISION）缺少 .* \({missing}\)"):
        render(NotificationTemplate.DECISION, facts, "张伟")


@pytest.mark.parametrize("template", list(NotificationTemplate))
def test_a_notification_missing_its_facts_names_each_in_words(template: NotificationTemplate) -> None:
    empty = FACTS.model_copy(update=dict.fromkeys(MessageFacts.model_fields, None))
    with pytest.raises(PermanentJobError) as caught:
        render(template, empty, "张伟")
    text = str(caught.value)
    assert text.startswith(f"{TEMPLATE_NAMES[template]}通知（{template.value}）缺少 ")
    for name in REQUIRED[template]:
        field = next(f for f in MessageFacts.model_fields.values() if f.alias == name)
        assert f"{field.title} ({name})" in text
