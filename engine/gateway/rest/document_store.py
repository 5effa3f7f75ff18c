"""The document store behind ``/v2/documents``: Camunda 8.8's in-memory store when the engine runs
without a data directory, its local-storage store (one file per document, beside a JSON file of
its metadata) in ``<data dir>/documents`` when it runs with one.

A document is referred to by its id and the SHA-256 hash of its content, which every read must
present, as Camunda's stores check it. Neither store makes links: like Camunda's in-memory and
local stores, they answer a link request with an error naming the operation.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from engine.runtime.errors import AlreadyExists, InvalidArgument, NotFound

_DOCUMENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,199}$")


@dataclass(frozen=True)
class StoredDocument:
    document_id: str
    content_hash: str
    metadata: dict[str, Any]
    content: bytes


def checked_document_id(document_id: str) -> str:
    if not _DOCUMENT_ID.match(document_id):
        raise InvalidArgument(
            f"The document id '{document_id}' is invalid: letters, digits, '_', '-' and '.', "
            "starting with a letter or digit, at most 200 characters"
        )
    return document_id


class DocumentStore(Protocol):
    store_id: str

    def put(self, document_id: str, content: bytes, metadata: dict[str, Any]) -> StoredDocument: ...
    def get(self, document_id: str) -> StoredDocument: ...
    def delete(self, document_id: str) -> None: ...


def _hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _missing(document_id: str) -> NotFound:
    return NotFound(f"Document with id '{document_id}' not found")


class MemoryDocumentStore:
    store_id = "in-memory"

    def __init__(self) -> None:
        self._documents: dict[str, StoredDocument] = {}
        self._lock = threading.Lock()

    def put(self, document_id: str, content: bytes, metadata: dict[str, Any]) -> StoredDocument:
        document = StoredDocument(checked_document_id(document_id), _hash(content), metadata, content)
        with self._lock:
            if document_id in self._documents:
                raise AlreadyExists(f"Document with id '{document_id}' already exists")
            self._documents[document_id] = document
        return document

    def get(self, document_id: str) -> StoredDocument:
        with self._lock:
            found = self._documents.get(document_id)
        if found is None:
            raise _missing(document_id)
        return found

    def delete(self, document_id: str) -> None:
        with self._lock:
            if self._documents.pop(document_id, None) is None:
                raise _missing(document_id)


class DirectoryDocumentStore:
    store_id = "local-storage"

    def __init__(self, directory: Path) -> None:
        self._directory = directory
        self._lock = threading.Lock()

    def _paths(self, document_id: str) -> tuple[Path, Path]:
        checked_document_id(document_id)
        return self._directory / document_id, self._directory / f"{document_id}.metadata.json"

    def put(self, document_id: str, content: bytes, metadata: dict[str, Any]) -> StoredDocument:
        content_path, metadata_path = self._paths(document_id)
        document = StoredDocument(document_id, _hash(content), metadata, content)
        with self._lock:
            self._directory.mkdir(parents=True, exist_ok=True)
            if content_path.exists():
                raise AlreadyExists(f"Document with id '{document_id}' already exists")
            # the metadata goes last: a document without it was never completely written
            partial = content_path.with_suffix(content_path.suffix + ".partial")
            partial.write_bytes(content)
            partial.replace(content_path)
            metadata_path.write_text(
                json.dumps({"contentHash": document.content_hash, "metadata": metadata}, ensure_ascii=False),
                encoding="utf-8",
            )
        return document

    def get(self, document_id: str) -> StoredDocument:
        content_path, metadata_path = self._paths(document_id)
        with self._lock:
            if not metadata_path.exists() or not content_path.exists():
                raise _missing(document_id)
            stored = json.loads(metadata_path.read_text(encoding="utf-8"))
            content = content_path.read_bytes()
        return StoredDocument(document_id, stored["contentHash"], stored["metadata"], content)

    def delete(self, document_id: str) -> None:
        content_path, metadata_path = self._paths(document_id)
        with self._lock:
            if not metadata_path.exists():
                raise _missing(document_id)
            metadata_path.unlink()
            content_path.unlink(missing_ok=True)
