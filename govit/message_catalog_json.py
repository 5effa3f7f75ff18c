"""The outside-events catalog (:mod:`govit.messages`) as the web workspace reads it: one JSON file
written at build time, so the Operate page records an event with the facts its process needs,
checked before it is sent, exactly as ``govit publish`` checks them.

Usage: ``python -m govit.message_catalog_json OUT.json`` (``make web`` runs it).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from govit.messages import CATALOG


def catalog_document() -> dict[str, Any]:
    """``{"LG": {"contract-signed": {"meaning", "correlation", "facts": [...]}}, …}``."""
    return {
        jurisdiction: {
            name: {
                "meaning": message.meaning,
                "correlation": message.correlation,
                "facts": [
                    {"name": f.name, "kind": f.kind, "meaning": f.meaning, "required": f.required}
                    for f in message.facts
                ],
            }
            for name, message in messages.items()
        }
        for jurisdiction, messages in CATALOG.items()
    }


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("用法：python -m govit.message_catalog_json 输出文件.json", file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(catalog_document(), ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
