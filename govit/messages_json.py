"""Writes the outside-event catalog of :mod:`govit.messages` as JSON for the web workspace, which
checks an event's facts in the browser exactly as ``govit publish`` checks them, before anything
is sent. The catalog stays in one place (the Python module); ``make web`` exports it at build time.

Usage: ``python -m govit.messages_json web/.generated/message-catalog.json``
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from govit.messages import _KIND_WORDS, CATALOG


def catalog_json() -> dict[str, Any]:
    """Every jurisdiction's messages with their correlation variable and facts, and the words
    that name each kind of fact in the refusals."""
    return {
        "kindWords": dict(_KIND_WORDS),
        "jurisdictions": {
            jurisdiction: [
                {
                    "name": message.name,
                    "meaning": message.meaning,
                    "correlation": message.correlation,
                    "facts": [
                        {
                            "name": fact.name,
                            "kind": fact.kind,
                            "meaning": fact.meaning,
                            "required": fact.required,
                        }
                        for fact in message.facts
                    ],
                }
                for message in messages.values()
            ]
            for jurisdiction, messages in CATALOG.items()
        },
    }


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("用法：python -m govit.messages_json 输出文件.json", file=sys.stderr)
        return 2
    target = Path(argv[0])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(catalog_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
