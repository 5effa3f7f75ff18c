"""Documents in an S3-compatible object store (AWS S3, MinIO, Alibaba OSS, Tencent COS).

A document id is the object key below a prefix. Credentials come from the standard AWS chain
(``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY`` or a profile), never from process variables.
"""

from __future__ import annotations

from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from workers.documents.store import (
    DocumentNotFoundError,
    DocumentStoreUnavailableError,
    InvalidDocumentIdError,
    valid_document_id,
)

_NOT_FOUND = {"404", "NoSuchKey", "NotFound"}


class DocumentStoreUnreachableError(ConnectionError):
    """The store did not answer (network, timeout): worth retrying, unlike a misconfiguration."""


class S3DocumentStore:
    def __init__(self, client: Any, bucket: str, prefix: str = "") -> None:
        self._client = client
        self._bucket = bucket
        self._prefix = prefix

    @classmethod
    def connect(
        cls, bucket: str, prefix: str = "", endpoint_url: str | None = None, region: str | None = None
    ) -> S3DocumentStore:
        return cls(boto3.client("s3", endpoint_url=endpoint_url, region_name=region), bucket, prefix)

    def _key(self, document_id: str) -> str:
        if not valid_document_id(document_id):
            raise InvalidDocumentIdError(document_id)
        return f"{self._prefix}{document_id}"

    def size(self, document_id: str) -> int:
        key = self._key(document_id)
        answer = self._call("head_object", document_id, Bucket=self._bucket, Key=key)
        return int(answer["ContentLength"])

    def read(self, document_id: str) -> bytes:
        key = self._key(document_id)
        answer = self._call("get_object", document_id, Bucket=self._bucket, Key=key)
        body = answer["Body"]
        try:
            return bytes(body.read())
        finally:
            body.close()

    def _call(self, operation: str, document_id: str, **arguments: str) -> dict[str, Any]:
        try:
            answer: dict[str, Any] = getattr(self._client, operation)(**arguments)
        except ClientError as exc:
            code = str(exc.response.get("Error", {}).get("Code", ""))
            if code in _NOT_FOUND:
                raise DocumentNotFoundError(document_id) from exc
            raise DocumentStoreUnavailableError(
                f"document store s3://{self._bucket}/{self._prefix}: {operation} failed with {code or exc}"
            ) from exc
        except BotoCoreError as exc:
            raise DocumentStoreUnreachableError(
                f"document store s3://{self._bucket}/{self._prefix} unreachable: {exc}"
            ) from exc
        return answer
