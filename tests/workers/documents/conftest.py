from pathlib import Path

import pytest
from document_builders import Put

from workers.documents.checking import DocumentChecker
from workers.documents.settings import DocumentSettings
from workers.documents.store import LocalDocumentStore


@pytest.fixture
def settings(tmp_path: Path) -> DocumentSettings:
    directory = tmp_path / "documents"
    directory.mkdir()
    return DocumentSettings(document_dir=directory)


@pytest.fixture
def put(settings: DocumentSettings) -> Put:
    """Store bytes under a document id, as the upload endpoint would, and return the id."""

    def put(document_id: str, data: bytes) -> str:
        (settings.document_dir / document_id).write_bytes(data)
        return document_id

    return put


@pytest.fixture
def checker(settings: DocumentSettings) -> DocumentChecker:
    return DocumentChecker(LocalDocumentStore(settings.document_dir), settings)
