"""Where submitted documents live, addressed by document id.

:class:`DocumentStore` is the whole interface a check needs; :class:`LocalDocumentStore` keeps
each document as a file named by its id in one directory; :mod:`workers.documents.s3_store` keeps
them in an S3-compatible bucket.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Protocol

# Ids name files directly, so nothing that could climb out of the directory is accepted.
_DOCUMENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")


class DocumentNotFoundError(LookupError):
    def __init__(self, document_id: str) -> None:
        super().__init__(f"document {document_id!r} is not in the document store")
        self.document_id = document_id


class InvalidDocumentIdError(ValueError):
    def __init__(self, document_id: str) -> None:
        super().__init__(
            f"document id {document_id!r} is not valid (letters, digits, '.', '_' and '-', up to 200)"
        )
        self.document_id = document_id


class DocumentStoreUnavailableError(RuntimeError):
    """The store itself cannot be used (missing directory, unreachable bucket): an operator's matter."""


def valid_document_id(document_id: str) -> bool:
    return _DOCUMENT_ID.match(document_id) is not None and document_id not in {".", ".."}


class DocumentStore(Protocol):
    def size(self, document_id: str) -> int:
        """Bytes of the stored document; raises DocumentNotFoundError or InvalidDocumentIdError."""
        ...

    def read(self, document_id: str) -> bytes:
        """The stored document's bytes; raises DocumentNotFoundError or InvalidDocumentIdError."""
        ...


class LocalDocumentStore:
    def __init__(self, root: Path) -> None:
        self._root = root

    def _path(self, document_id: str) -> Path:
        if not valid_document_id(document_id):
            raise InvalidDocumentIdError(document_id)
        if not self._root.is_dir():
            raise DocumentStoreUnavailableError(f"document directory {self._root} does not exist")
        path = self._root / document_id
        if not path.is_file():
            raise DocumentNotFoundError(document_id)
        return path

    def size(self, document_id: str) -> int:
        return self._path(document_id).stat().st_size

    def read(self, document_id: str) -> bytes:
        return self._path(document_id).read_bytes()
