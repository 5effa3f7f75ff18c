"""Parsing DMN 1.1-1.5 XML into a :class:`DmnModel`, validating it as Zeebe does at deploy time.

Every FEEL text is compiled here, once; evaluation never parses.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from engine.dmn.errors import DmnParseError
from engine.dmn.model import DmnModel
from engine.dmn.model_reader import ModelReader
from engine.dmn.xml import read_xml


def parse_dmn(source: Path | bytes | str, source_name: str | None = None, *, lazy: bool = False) -> DmnModel:
    """Parse a DMN model from a file path, XML bytes or XML text; raises :class:`DmnParseError`.

    Imported models are looked up beside a model read from a file, by ``locationURI`` or namespace.
    ``lazy`` keeps FEEL that does not parse and fails the decisions that evaluate it, as dmn-scala's
    lazy-evaluation mode does (the TCK runners use it); by default, as in Zeebe, it rejects the model.
    """
    return Loader(lazy).load(source, source_name)


class Loader:
    """Loads a model and, recursively, the models it imports (each file once)."""

    def __init__(self, lazy: bool) -> None:
        self.lazy = lazy
        self._by_path: dict[Path, DmnModel] = {}
        self._loading: set[Path] = set()

    def load(self, source: Path | bytes | str, source_name: str | None) -> DmnModel:
        directory: Path | None = None
        if isinstance(source, Path) or (isinstance(source, str) and not source.lstrip().startswith("<")):
            path = Path(source)
            name = source_name or str(path)
            try:
                data = path.read_bytes()
            except OSError as err:
                raise DmnParseError(name, None, f"cannot read the file: {err.strerror}") from err
            directory = path.resolve().parent
        else:
            data = source.encode("utf-8") if isinstance(source, str) else source
            name = source_name or "<dmn>"
        try:
            root = read_xml(data)
        except (etree.XMLSyntaxError, ValueError) as err:
            raise DmnParseError(name, None, f"invalid XML: {err}") from err
        return ModelReader(root, name, directory, self).read()

    def load_import(
        self, directory: Path | None, location: str | None, namespace: str, importer: str
    ) -> DmnModel:
        if directory is None:
            raise DmnParseError(
                importer, f"import '{namespace}'", "imports can only be resolved for model files"
            )
        path = self._locate(directory, location, namespace)
        if path is None:
            raise DmnParseError(
                importer, f"import '{namespace}'", "no DMN model with this namespace beside the model"
            )
        path = path.resolve()
        if path in self._by_path:
            return self._by_path[path]
        if path in self._loading:
            raise DmnParseError(importer, f"import '{namespace}'", "circular import")
        self._loading.add(path)
        model = self.load(path, str(path.name))
        self._loading.discard(path)
        self._by_path[path] = model
        return model

    @staticmethod
    def _locate(directory: Path, location: str | None, namespace: str) -> Path | None:
        if location:
            candidate = directory / location
            if candidate.is_file():
                return candidate
        for candidate in sorted(directory.glob("*.dmn")):
            try:
                root = read_xml(candidate.read_bytes())
            except (etree.XMLSyntaxError, ValueError, OSError):
                continue
            if root.get("namespace") == namespace:
                return candidate
        return None
