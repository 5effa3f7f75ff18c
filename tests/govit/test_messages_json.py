"""The outside-event catalog the web workspace checks events against is govit.messages' own."""

from __future__ import annotations

import json
from pathlib import Path

from govit.messages import CATALOG
from govit.messages_json import catalog_json, main


def test_every_message_and_fact_of_the_catalog_is_exported(tmp_path: Path) -> None:
    target = tmp_path / "nested" / "message-catalog.json"
    assert main([str(target)]) == 0
    written = json.loads(target.read_text(encoding="utf-8"))
    assert written == catalog_json()
    assert set(written["jurisdictions"]) == set(CATALOG)
    for jurisdiction, messages in CATALOG.items():
        exported = {item["name"]: item for item in written["jurisdictions"][jurisdiction]}
        assert set(exported) == set(messages)
        for name, message in messages.items():
            assert exported[name]["correlation"] == message.correlation
            assert [(f["name"], f["kind"], f["required"]) for f in exported[name]["facts"]] == [
                (fact.name, fact.kind, fact.required) for fact in message.facts
            ]
    lg_contract = {item["name"]: item for item in written["jurisdictions"]["LG"]}["contract-signed"]
    assert lg_contract["facts"][0] == {
        "name": "contractSignedOn",
        "kind": "date",
        "meaning": "合同签订日期",
        "required": True,
    }
    assert written["kindWords"]["date"] == "日期 YYYY-MM-DD"


def test_a_wrong_call_says_how_to_use_it(capsys: object) -> None:
    assert main([]) == 2
