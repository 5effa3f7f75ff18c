"""Regenerate the dossier's packaged rule catalog from the reference folder beside the project.

    .venv/bin/python tools/dossier_catalog.py [../shared]

writes workers/dossier/catalog/rules.csv (the rule table, as published in rules.csv),
ambiguities.csv (RULES.md §5: each ambiguity id with the rules it affects and the reading applied)
and chapters.csv (each measure's chapters and the articles they hold, read from regulations/).
tests/workers/dossier/test_catalog.py fails when the packaged files and the reference differ.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workers.dossier.measure_text import read_measure  # noqa: E402

CATALOG = ROOT / "workers" / "dossier" / "catalog"
_AMBIGUITY = re.compile(r"^\* \*\*(A-[A-Z]+-\d+)\*\*\s*(?:\(([^)]*)\))?:?\s*(.*)$")


def ambiguities(rules_md: str) -> list[list[str]]:
    """RULES.md §5 bullets: ``* **A-LG-2** (LG-11-3, LG-12-5): issue. *Reading.*``."""
    start = rules_md.index("## 5. Ambiguities")
    end = rules_md.index("\n## 6.", start)
    rows: list[list[str]] = []
    for line in rules_md[start:end].splitlines():
        if (match := _AMBIGUITY.match(line.strip())) is None:
            continue
        ident, affected, text = match.groups()
        reading = ""
        if (found := re.search(r"\*([^*]+)\*\s*$", text)) is not None:
            reading = found.group(1).strip()
            text = text[: found.start()].strip()
        rows.append([ident, affected or "", text.strip(), reading])
    return rows


def chapters(regulations: Path) -> list[list[str]]:
    rows: list[list[str]] = []
    for path in sorted(regulations.glob("*.md")):
        measure = read_measure(path)
        jurisdiction = path.name.split("-", 1)[0]
        for chapter in measure.chapters:
            numbers = [a.number for a in measure.articles.values() if a.chapter == chapter]
            rows.append([jurisdiction, chapter, str(min(numbers)), str(max(numbers))])
    return rows


def render(rows: list[list[str]], header: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def generate(shared: Path) -> dict[str, str]:
    """The packaged catalog files' contents, by file name."""
    return {
        "rules.csv": (shared / "rules.csv").read_text(encoding="utf-8"),
        "ambiguities.csv": render(
            ambiguities((shared / "RULES.md").read_text(encoding="utf-8")),
            ["id", "affected", "issue", "reading"],
        ),
        "chapters.csv": render(
            chapters(shared / "regulations"), ["jurisdiction", "chapter", "first_article", "last_article"]
        ),
    }


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared"
    for name, text in generate(shared).items():
        (CATALOG / name).write_text(text, encoding="utf-8")
        print(f"wrote {CATALOG / name}")


if __name__ == "__main__":
    main()
