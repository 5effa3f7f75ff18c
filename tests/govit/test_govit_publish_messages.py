"""Outside events: the catalog equals the messages the diagrams wait for, every region README
names how to send each, and `govit publish` refuses a message missing a business fact, in words."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from govit.cli import app
from govit.messages import CATALOG, MessageError, message_variables
from tests.govit.conftest import Cluster

ROOT = Path(__file__).resolve().parents[2]
BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"


def declared_messages(region: str) -> set[str]:
    names = {"documents-resubmitted"}  # every region's corrections go through shared-document-correction
    for path in (ROOT / "bpmn" / region).glob("*.bpmn"):
        names |= {str(m.get("name")) for m in etree.parse(str(path)).getroot().iter(f"{{{BPMN}}}message")}
    return names


@pytest.mark.parametrize("jurisdiction", sorted(CATALOG))
def test_every_outside_event_a_process_waits_for_is_in_the_catalog(jurisdiction: str) -> None:
    assert set(CATALOG[jurisdiction]) == declared_messages(jurisdiction.lower())


@pytest.mark.parametrize("jurisdiction", sorted(CATALOG))
def test_the_region_readme_names_the_way_to_record_each_event_and_its_facts(jurisdiction: str) -> None:
    readme = (ROOT / "bpmn" / jurisdiction.lower() / "README.md").read_text(encoding="utf-8")
    assert f"govit publish MESSAGE KEY --jurisdiction {jurisdiction}" in readme
    for message in CATALOG[jurisdiction].values():
        assert f"`{message.name}`" in readme, message.name
        for fact in message.facts:
            assert f"`{fact.name}`" in readme, f"{message.name}: {fact.name}"


@pytest.mark.parametrize(
    ("jurisdiction", "name", "assignments", "refusal"),
    [
        pytest.param("LG", "contract-signed", [], "缺少 contractSignedOn（合同签订日期", id="LG-19-3"),
        pytest.param(
            "LG",
            "contract-signed",
            ["contractSignedOn=2026-02-30"],
            "contractSignedOn（合同签订日期）应为日期",
            id="LG-19-3 not a day",
        ),
        pytest.param(
            "HY",
            "contract-signed",
            ["contractSignedAt=2026-03-02"],
            "缺少 contractAmountYuan（合同金额（元）",
            id="HY-21-1 amount for the change limits",
        ),
        pytest.param("YB", "contract-signed", [], "缺少 contractSignedAt", id="YB-12-1"),
        pytest.param("LZ", "supervision-finding", [], "缺少 findingDescription", id="LZ-35-1"),
        pytest.param(
            "TH", "contract-signed", ["contractSignedOn=2026-03-02"], "不携带 contractSignedOn", id="TH"
        ),
        pytest.param("TH", "payment-due", [], "不等待消息 'payment-due'", id="TH unknown"),
    ],
)
def test_a_message_missing_a_business_fact_is_refused_naming_it(
    jurisdiction: str, name: str, assignments: list[str], refusal: str
) -> None:
    with pytest.raises(MessageError, match=refusal.replace("(", r"\(").replace(")", r"\)")):
        message_variables(jurisdiction, name, assignments)


def test_a_message_is_typed_by_its_facts() -> None:
    assert message_variables(
        "HY", "contract-signed", ["contractAmountYuan=5000000", "contractSignedAt=2026-03-02"]
    ) == {"contractAmountYuan": 5_000_000, "contractSignedAt": "2026-03-02"}
    documents = '[{"material": "fsr", "documentId": "fsr.docx", "fileName": "可研.docx"}]'
    assert (
        message_variables("YB", "construction-completed", [f"documents={documents}"])["documents"][0][
            "material"
        ]
        == "fsr"
    )


def test_govit_publish_refuses_before_sending_and_publishes_a_complete_message(cluster: Cluster) -> None:
    refused = CliRunner().invoke(
        app, ["publish", "contract-signed", "LG-1", "--jurisdiction", "LG"], env=cluster.env
    )
    assert refused.exit_code == 2
    assert "缺少 contractSignedOn（合同签订日期" in " ".join(refused.output.split())
    sent = cluster.govit(
        "publish", "contract-signed", "LG-1", "--jurisdiction", "LG", "--set", "contractSignedOn=2026-03-02"
    )
    assert sent.exit_code == 0, sent.output
    assert "published contract-signed to projectId LG-1" in sent.output
