import io
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import EndpointConnectionError
from botocore.response import StreamingBody
from botocore.stub import Stubber
from document_builders import build_docx

from workers.documents.checking import DocumentChecker
from workers.documents.models import DocumentCheckInput
from workers.documents.router import create_store
from workers.documents.s3_store import DocumentStoreUnreachableError, S3DocumentStore
from workers.documents.settings import DocumentSettings, SettingsError
from workers.documents.store import (
    DocumentNotFoundError,
    DocumentStoreUnavailableError,
    InvalidDocumentIdError,
)
from workers.errors import PermanentJobError


@pytest.fixture
def s3() -> Iterator[tuple[Any, Stubber]]:
    client = boto3.client(
        "s3", region_name="cn-north-1", aws_access_key_id="test", aws_secret_access_key="test"
    )
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def stored(stubber: Stubber, key: str, data: bytes) -> None:
    stubber.add_response("head_object", {"ContentLength": len(data)}, {"Bucket": "govit", "Key": key})
    body = StreamingBody(io.BytesIO(data), len(data))
    stubber.add_response(
        "get_object", {"Body": body, "ContentLength": len(data)}, {"Bucket": "govit", "Key": key}
    )


def test_reads_object_under_prefix(s3: tuple[Any, Stubber]) -> None:
    client, stubber = s3
    stored(stubber, "uploads/doc-1", b"hello")
    store = S3DocumentStore(client, "govit", "uploads/")
    assert store.size("doc-1") == 5
    assert store.read("doc-1") == b"hello"


def test_missing_object_is_not_found(s3: tuple[Any, Stubber]) -> None:
    client, stubber = s3
    stubber.add_client_error("head_object", service_error_code="404", http_status_code=404)
    with pytest.raises(DocumentNotFoundError, match="doc-2"):
        S3DocumentStore(client, "govit").size("doc-2")


def test_access_denied_is_a_store_fault(s3: tuple[Any, Stubber]) -> None:
    client, stubber = s3
    stubber.add_client_error("get_object", service_error_code="AccessDenied", http_status_code=403)
    with pytest.raises(DocumentStoreUnavailableError, match="AccessDenied"):
        S3DocumentStore(client, "govit").read("doc-1")


def test_invalid_id_never_reaches_the_bucket(s3: tuple[Any, Stubber]) -> None:
    client, _ = s3
    with pytest.raises(InvalidDocumentIdError):
        S3DocumentStore(client, "govit").size("../other-bucket")


def test_checker_reads_documents_from_s3(s3: tuple[Any, Stubber]) -> None:
    client, stubber = s3
    stored(stubber, "fsr-1", build_docx(headings=["第五章 信息资源共享分析", "第六章 信息安全"]))
    checker = DocumentChecker(S3DocumentStore(client, "govit"), DocumentSettings())
    request = DocumentCheckInput.model_validate(
        {
            "requiredMaterials": [{"material": "fsr", "ruleIds": "LG-11-1"}],
            "documents": [{"material": "fsr", "documentId": "fsr-1", "fileName": "可研.docx"}],
        }
    )
    report = checker.check(request, content=True)
    assert report.complete is True and report.findings == []


def test_s3_store_chosen_by_settings() -> None:
    settings = DocumentSettings.from_env(
        {
            "GOVIT_DOCUMENT_STORE": "s3",
            "GOVIT_DOCUMENT_S3_BUCKET": "govit",
            "GOVIT_DOCUMENT_S3_REGION": "cn-north-1",
        }
    )
    assert isinstance(create_store(settings), S3DocumentStore)
    with pytest.raises(SettingsError, match="GOVIT_DOCUMENT_S3_BUCKET"):
        DocumentSettings.from_env({"GOVIT_DOCUMENT_STORE": "s3"})


class UnreachableClient:
    def head_object(self, **arguments: str) -> dict[str, Any]:
        raise EndpointConnectionError(endpoint_url="http://minio.internal:9000")


def test_unreachable_store_is_retryable_not_an_incident() -> None:
    with pytest.raises(DocumentStoreUnreachableError, match="unreachable") as caught:
        S3DocumentStore(UnreachableClient(), "govit").size("doc-1")
    assert not isinstance(caught.value, PermanentJobError)
