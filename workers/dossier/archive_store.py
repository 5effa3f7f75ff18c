"""Where an archived dossier's PDF is kept: the engine's document store, or the workers' own (a
folder or an S3-compatible bucket).

Both stores take the document id the archiving job chooses (one per project and archiving step),
so a job run again after a crash finds its PDF instead of storing a second copy: the same id with
the same bytes is the same archive; the same id with other bytes is refused, never overwritten.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import boto3
import httpx
from botocore.exceptions import BotoCoreError, ClientError

from workers.documents.s3_store import S3DocumentStore
from workers.documents.settings import DocumentSettings
from workers.documents.store import DocumentNotFoundError, valid_document_id
from workers.errors import PermanentJobError

PDF = "application/pdf"
LOCAL_STORE = "govit-local"


@dataclass(frozen=True)
class StoredArchive:
    """Where the PDF went: the store's name, the document id and the reference a process keeps."""

    store: str
    document_id: str
    reference: dict[str, Any]


class ArchiveStoreUnreachableError(RuntimeError):
    """The store did not answer or failed on its side; the job is retried."""


class ArchiveConflictError(PermanentJobError):
    """The document id already holds other bytes: an operator must look before anything is replaced."""


class ArchiveStore(Protocol):
    def put(self, document_id: str, content: bytes, metadata: dict[str, Any]) -> StoredArchive:
        """Store ``content`` under ``document_id`` (or find it stored already) and say where it is."""
        ...

    def get(self, stored: StoredArchive) -> bytes:
        """The stored bytes again (an auditor's download, the tests' read-back)."""
        ...


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _conflict(document_id: str, where: str) -> ArchiveConflictError:
    return ArchiveConflictError(
        f"档案文件 {document_id} 已存在于{where}，但内容与本次生成的项目档案不同：未覆盖，请核查后处理"
    )


class EngineDocumentStore:
    """Camunda 8.8's ``/v2/documents``; ``client`` has the REST API's base URL (``…/v2``) and auth."""

    def __init__(self, client: httpx.Client) -> None:
        self._http = client

    def _request(self, method: str, path: str, **arguments: Any) -> httpx.Response:
        try:
            response = self._http.request(method, path, **arguments)
        except httpx.HTTPError as error:
            raise ArchiveStoreUnreachableError(f"无法连接引擎文档接口 {method} /v2{path}：{error}") from error
        if response.status_code >= 500:
            raise ArchiveStoreUnreachableError(
                f"引擎文档接口 {method} /v2{path} 出错：{response.status_code} {response.text[:300]}"
            )
        return response

    def put(self, document_id: str, content: bytes, metadata: dict[str, Any]) -> StoredArchive:
        response = self._request(
            "POST",
            "/documents",
            params={"documentId": document_id},
            files={
                "file": (str(metadata.get("fileName") or document_id), content, PDF),
                # a JSON part, as Camunda's clients send the metadata
                "metadata": (
                    None,
                    json.dumps({**metadata, "contentType": PDF}, ensure_ascii=False),
                    "application/json",
                ),
            },
        )
        if response.status_code == 409:
            return self._already_stored(document_id, content, metadata)
        if response.status_code != 201:
            raise PermanentJobError(
                f"引擎文档接口拒绝保存档案 {document_id}：{response.status_code} {response.text[:300]}"
            )
        reference: dict[str, Any] = response.json()
        return StoredArchive(
            store=str(reference.get("storeId")), document_id=document_id, reference=reference
        )

    def _already_stored(self, document_id: str, content: bytes, metadata: dict[str, Any]) -> StoredArchive:
        """A run that stored the PDF but ended before recording it: the same bytes are that archive."""
        response = self._request("GET", f"/documents/{document_id}", params={"contentHash": _digest(content)})
        if response.status_code != 200 or response.content != content:
            raise _conflict(document_id, "引擎文档库")
        reference = {
            "camunda.document.type": "camunda",
            "documentId": document_id,
            "contentHash": _digest(content),
            "metadata": {**metadata, "contentType": PDF, "size": len(content)},
        }
        return StoredArchive(store="camunda", document_id=document_id, reference=reference)

    def get(self, stored: StoredArchive) -> bytes:
        params = {"contentHash": str(stored.reference.get("contentHash"))}
        if stored.reference.get("storeId"):
            params["storeId"] = str(stored.reference["storeId"])
        response = self._request("GET", f"/documents/{stored.document_id}", params=params)
        if response.status_code != 200:
            raise LookupError(f"引擎文档库中读不到档案 {stored.document_id}：{response.status_code}")
        return response.content


class FolderDocumentStore:
    """The workers' document folder (``GOVIT_DOCUMENT_DIR``), one file per document id."""

    def __init__(self, directory: Path) -> None:
        self._directory = directory

    def put(self, document_id: str, content: bytes, metadata: dict[str, Any]) -> StoredArchive:
        if not valid_document_id(document_id):
            raise PermanentJobError(f"档案文件名 {document_id!r} 不是有效的文档编号")
        try:
            self._directory.mkdir(parents=True, exist_ok=True)
            target = self._directory / document_id
            if target.exists():
                if target.read_bytes() != content:
                    raise _conflict(document_id, f"材料库 {self._directory}")
            else:
                # written beside the target and renamed, so a reader never sees half a PDF
                handle, temporary = tempfile.mkstemp(dir=self._directory, prefix=".archive-")
                with os.fdopen(handle, "wb") as file:
                    file.write(content)
                os.replace(temporary, target)
        except OSError as error:
            raise ArchiveStoreUnreachableError(f"无法写入材料库 {self._directory}：{error}") from error
        reference = {
            "storeId": LOCAL_STORE,
            "documentId": document_id,
            "contentHash": _digest(content),
            "metadata": {**metadata, "contentType": PDF, "size": len(content)},
        }
        return StoredArchive(store=LOCAL_STORE, document_id=document_id, reference=reference)

    def get(self, stored: StoredArchive) -> bytes:
        return (self._directory / stored.document_id).read_bytes()


class S3ArchiveStore:
    """The workers' S3-compatible bucket (``GOVIT_DOCUMENT_S3_*``), one object per document id."""

    def __init__(self, client: Any, bucket: str, prefix: str = "") -> None:
        self._client = client
        self._bucket = bucket
        self._prefix = prefix
        self._reader = S3DocumentStore(client, bucket, prefix)

    def put(self, document_id: str, content: bytes, metadata: dict[str, Any]) -> StoredArchive:
        if not valid_document_id(document_id):
            raise PermanentJobError(f"档案文件名 {document_id!r} 不是有效的文档编号")
        where = f"s3://{self._bucket}/{self._prefix}"
        try:
            if self._reader.read(document_id) != content:
                raise _conflict(document_id, f"材料库 {where}")
        except DocumentNotFoundError:
            try:
                self._client.put_object(
                    Bucket=self._bucket, Key=f"{self._prefix}{document_id}", Body=content, ContentType=PDF
                )
            except (ClientError, BotoCoreError) as error:
                raise ArchiveStoreUnreachableError(f"无法写入材料库 {where}：{error}") from error
        reference = {
            "storeId": f"{S3_STORE_PREFIX}{self._bucket}",
            "documentId": document_id,
            "contentHash": _digest(content),
            "metadata": {**metadata, "contentType": PDF, "size": len(content)},
        }
        return StoredArchive(
            store=f"{S3_STORE_PREFIX}{self._bucket}"[:40], document_id=document_id, reference=reference
        )

    def get(self, stored: StoredArchive) -> bytes:
        return self._reader.read(stored.document_id)


S3_STORE_PREFIX = "govit-s3:"


def store_named(
    name: str, documents: DocumentSettings, engine_client: Callable[[], httpx.Client]
) -> ArchiveStore:
    """The store an archive row names: the workers' folder or bucket, else the engine's documents
    (reached through the caller's client, built only when it is the one named)."""
    if name == LOCAL_STORE:
        return FolderDocumentStore(documents.document_dir)
    if name.startswith(S3_STORE_PREFIX) and documents.s3_bucket:
        client = boto3.client("s3", endpoint_url=documents.s3_endpoint, region_name=documents.s3_region)
        return S3ArchiveStore(client, documents.s3_bucket, documents.s3_prefix)
    return EngineDocumentStore(engine_client())
