"""The dossier as one self-contained HTML page (no script, no remote font or style), in Chinese."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from workers.dossier.model import Dossier
from workers.dossier.sections import build_document

_ENV = Environment(
    loader=PackageLoader("workers.dossier", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)


def render_html(dossier: Dossier) -> str:
    return _ENV.get_template("dossier.html.j2").render(doc=build_document(dossier))
