"""The outside events each jurisdiction's processes wait for, and what each must carry.

A process waiting at a message catch event cannot refuse a message that lacks a fact, so a
missing fact used to surface much later as an incident about some other variable ("`startDate`:
None is not an ISO 8601 date"). ``govit publish`` checks a message here, where it enters, and
refuses it naming the missing business fact in words. The region READMEs (bpmn/<region>/README.md)
list the same catalog; tests/govit/test_messages.py keeps it equal to the messages the diagrams
declare.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

Kind = Literal["date", "number", "text", "list"]
_KIND_WORDS = {"date": "日期 YYYY-MM-DD", "number": "数值", "text": "文字", "list": "列表（JSON）"}


class MessageError(ValueError):
    """A message the catalog refuses; the text names the message and every fact, in Chinese."""


@dataclass(frozen=True)
class Fact:
    name: str
    kind: Kind
    meaning: str
    required: bool = True


@dataclass(frozen=True)
class Message:
    name: str
    meaning: str
    correlation: Literal["projectId", "applicationRef"] = "projectId"
    facts: tuple[Fact, ...] = field(default=())


DOCUMENTS = Fact("documents", "list", "补正后的全部材料 [{material, documentId, fileName}]")
SIGNED_ON = Fact("contractSignedOn", "date", "合同签订日期")
SIGNED_AT = Fact("contractSignedAt", "date", "合同签订日期")
CONTRACT_AMOUNT = Fact("contractAmountYuan", "number", "合同金额（元）")


def _common(*extra: Message) -> dict[str, Message]:
    messages = [
        Message("documents-resubmitted", "建设单位重新提交补正材料", facts=(DOCUMENTS,)),
        Message("change-requested", "建设单位提出变更申请（变更内容在变更表单中填写）"),
        Message("system-retired", "系统下线"),
        *extra,
    ]
    return {message.name: message for message in messages}


CATALOG: dict[str, dict[str, Message]] = {
    "LG": _common(
        Message("application-withdrawn", "建设单位撤回立项申请"),
        Message(
            "contract-signed",
            "合同已签订（采购系统或建设单位报送）",
            facts=(SIGNED_ON, Fact("contractAmountYuan", "number", "合同金额（元）", required=False)),
        ),
        Message("construction-completed", "合同约定的建设内容已完成"),
        Message("payment-due", "合同约定的付款节点已到"),
        Message("platform-resources-requested", "申请使用政务云等平台资源"),
        Message("security-equipment-requested", "申请采购网络安全设备"),
        Message("termination-requested", "申请终止项目"),
    ),
    "HY": _common(
        Message("application-withdrawn", "建设单位撤回立项申请", correlation="applicationRef"),
        Message("contract-signed", "合同已签订", facts=(CONTRACT_AMOUNT, SIGNED_AT)),
        Message("construction-completed", "项目完工"),
        Message("system-go-live", "系统上线运行"),
    ),
    "LZ": _common(
        Message("contract-signed", "合同已签订"),
        Message("serious-delay-reported", "项目严重滞后"),
        Message(
            "supervision-finding",
            "监督检查发现问题",
            facts=(
                Fact("findingDescription", "text", "发现的问题及整改要求"),
                Fact("rectificationDue", "date", "整改期限（缺省为30日）", required=False),
            ),
        ),
        Message("construction-completed", "项目建成"),
        Message("system-go-live", "系统上线运行"),
        Message("data-non-sharing-requested", "申请数据不予共享"),
    ),
    "TH": _common(
        Message("contract-signed", "合同已签订"),
        Message("construction-started", "项目开工"),
        Message("digital-assets-requested", "申请登记数字资产"),
        Message("construction-completed", "项目建成"),
        Message("system-go-live", "系统上线运行"),
        Message("operation-incident-reported", "运行中发生安全事件"),
    ),
    "YB": _common(
        Message("application-withdrawn", "建设单位撤回需求申报", correlation="applicationRef"),
        Message("contract-signed", "合同已签订（7个工作日内备案，YB-12-1）", facts=(SIGNED_AT,)),
        Message("serious-delay-reported", "项目严重滞后"),
        Message("construction-completed", "项目完工（附验收材料）", facts=(DOCUMENTS,)),
        Message("system-go-live", "系统上线运行"),
        Message("om-contract-terminated", "运维合同终止"),
    ),
}


def _typed(fact: Fact, text: str) -> Any:
    if fact.kind == "number":
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError from None
        return int(number) if number == number.to_integral_value() and "." not in text else float(number)
    if fact.kind == "date":
        dt.date.fromisoformat(text[:10])  # a date, or a date-time whose day is taken
        if len(text) > 10:
            dt.datetime.fromisoformat(text)
        return text
    if fact.kind == "list":
        value = json.loads(text)
        if not isinstance(value, list):
            raise ValueError
        return value
    if not text.strip():
        raise ValueError
    return text


def message_variables(jurisdiction: str, name: str, assignments: list[str]) -> dict[str, Any]:
    """The variables of message ``name`` from ``key=value`` pairs, checked against the catalog."""
    messages = CATALOG.get(jurisdiction)
    if messages is None:
        raise MessageError(f"管辖区 {jurisdiction!r} 不存在；可选 {', '.join(CATALOG)}")
    message = messages.get(name)
    if message is None:
        raise MessageError(f"{jurisdiction} 的流程不等待消息 {name!r}；可发送：{', '.join(sorted(messages))}")
    facts = {fact.name: fact for fact in message.facts}
    values: dict[str, Any] = {}
    problems = []
    for assignment in assignments:
        key, sep, text = assignment.partition("=")
        fact = facts.get(key)
        if not sep:
            problems.append(f"'{assignment}' 不是 变量=值 的形式")
        elif fact is None:
            known = "、".join(facts) or "无"
            problems.append(f"消息 {name} 不携带 {key}（可携带：{known}）")
        else:
            try:
                values[key] = _typed(fact, text)
            except (ValueError, json.JSONDecodeError):
                problems.append(f"{key}（{fact.meaning}）应为{_KIND_WORDS[fact.kind]}，收到 {text!r}")
    for fact in message.facts:
        if (
            fact.required
            and fact.name not in values
            and not any(p.startswith(f"{fact.name}（") for p in problems)
        ):
            problems.append(f"缺少 {fact.name}（{fact.meaning}，{_KIND_WORDS[fact.kind]}）")
    if problems:
        raise MessageError(f"消息 {name}（{message.meaning}）：" + "；".join(problems))
    return values
