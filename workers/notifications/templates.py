"""Message templates: jinja2 in a sandbox, one file per template under ``templates/``.

A template defines ``subject`` and ``body`` blocks in plain text. It is rendered twice: with
autoescape for HTML (e-mail and in-app messages, where a project name like ``<b>`` must stay
text) and without for plain text (the text part of e-mail, robot markdown).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, Template, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from workers.deadlines.instants import SHANGHAI
from workers.errors import PermanentJobError
from workers.notifications.models import MessageFacts, NotificationTemplate

TEMPLATES = Path(__file__).parent / "templates"

T = NotificationTemplate
REQUIRED: dict[NotificationTemplate, tuple[str, ...]] = {
    T.TASK_CREATED: ("projectName", "taskName"),
    T.REMINDER: ("projectName", "taskName", "dueDate"),
    T.OVERDUE_ESCALATION: ("projectName", "taskName", "dueDate"),
    T.RETURNED_FOR_CORRECTION: ("projectName", "reason"),
    T.APPROVED: ("projectName",),
    T.REJECTED: ("projectName", "reason"),
    T.FILING_DUE: ("projectName", "filingKind", "dueDate"),
    T.DECISION: ("projectName", "taskName", "decision", "reason"),
}

TEMPLATE_NAMES = {
    T.TASK_CREATED: "待办",
    T.REMINDER: "到期提醒",
    T.OVERDUE_ESCALATION: "逾期督办",
    T.RETURNED_FOR_CORRECTION: "退回补正",
    T.APPROVED: "审批通过",
    T.REJECTED: "审批未通过",
    T.FILING_DUE: "备案提醒",
    T.DECISION: "处理决定",
}
_TITLES = {str(field.alias): str(field.title) for field in MessageFacts.model_fields.values() if field.title}

FILING_KIND_NAMES = {
    "UNIT_PLAN": "单位信息化规划",
    "PROJECT": "项目",
    "CONTRACT": "合同",
    "MAJOR_CHANGE": "重大变更",
    "CHANGE_ADJUSTMENT": "调整",
    "COMPLETION_ACCEPTANCE": "竣工验收",
    "SOCIAL_CAPITAL": "社会资本合作项目",
    "STAGE_RECORD": "阶段",
    "CRYPTO_ASSESSMENT": "密码应用安全性评估",
}
AUTHORITY_NAMES = {
    "ITA": "信息化主管部门",
    "DRC": "发展改革部门",
    "FIN": "财政部门",
    "CRYPTO": "密码管理部门",
}


def chinese_date(value: date) -> str:
    """``2026年10月13日``; a date-time adds its Shanghai time of day: ``2026年10月13日 17:30``."""
    if isinstance(value, datetime):
        moment = value.astimezone(SHANGHAI) if value.tzinfo else value
        return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"
    return f"{value.year}年{value.month}月{value.day}日"


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    text: str
    html: str


def _environment(autoescape: bool) -> SandboxedEnvironment:
    environment = SandboxedEnvironment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    environment.filters["filing_kind_name"] = lambda kind: FILING_KIND_NAMES.get(str(kind), str(kind))
    environment.filters["authority_name"] = lambda code: AUTHORITY_NAMES.get(str(code), str(code))
    environment.filters["chinese_date"] = chinese_date
    return environment


_HTML = _environment(autoescape=True)
_TEXT = _environment(autoescape=False)


def render(
    template: NotificationTemplate, facts: MessageFacts, recipient_name: str | None
) -> RenderedMessage:
    """Render ``template`` for one recipient; a fact the template needs but lacks is a clear error."""
    context: dict[str, Any] = facts.model_dump(by_alias=True)
    missing = [name for name in REQUIRED[template] if context.get(name) in (None, "")]
    if missing:
        lacking = "、".join(f"{_TITLES.get(name, name)} ({name})" for name in missing)
        raise PermanentJobError(f"{TEMPLATE_NAMES[template]}通知（{template.value}）缺少 {lacking}")
    context["greeting"] = f"{recipient_name}，您好：" if recipient_name else "您好："
    name = f"{template.value.lower()}.txt"
    try:
        subject = _block(_TEXT.get_template(name), "subject", context).strip()
        text = _block(_TEXT.get_template(name), "body", context).strip()
        html_body = _block(_HTML.get_template(name), "body", context).strip()
    except TemplateError as error:
        raise PermanentJobError(f"template {TEMPLATES / name}: {error}") from error
    paragraphs = "".join(f"<p>{Markup(line)}</p>" for line in html_body.split("\n") if line.strip())
    html = f"<html><body><h3>{escape(subject)}</h3>{paragraphs}</body></html>"
    return RenderedMessage(subject=subject, text=text, html=html)


def _block(template: Template, block: str, context: dict[str, Any]) -> str:
    render_block = template.blocks[block]
    return "".join(render_block(template.new_context(context)))
