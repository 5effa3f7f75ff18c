"""The ``govit.dossier.archive`` job: the dossier PDF stored with the project's documents, its digest
recorded in the registry, the same bytes on every run, and each way it can fail.

The records are the 8.8-shaped fixture of test_assembly_records (a TH project whose 2027 review
deadline is provisional, with an open incident and a document missing from the store).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest
from botocore.response import StreamingBody
from botocore.stub import Stubber
from pyzeebe import Job
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker

from engine.gateway.serve import RunningGateway, start_gateway
from engine.runtime import Engine
from tests.engine.gateway.conftest import LoopThread
from tests.engine.gateway.rest_spec import check_response
from tests.workers.dossier.test_assembly_records import PROJECT, respond
from workers.dossier.archive_store import (
    ArchiveConflictError,
    EngineDocumentStore,
    FolderDocumentStore,
    S3ArchiveStore,
    StoredArchive,
)
from workers.dossier.archiving import (
    ARCHIVE_DOSSIER,
    ArchiveRequest,
    DossierArchiver,
    DossierSourcesUnreachableError,
    document_id_for,
    page_count,
)
from workers.dossier.articles import ArticleIndex
from workers.dossier.assembly import DossierSources
from workers.dossier.bpmn_docs import documentation_in_folder
from workers.dossier.dmn_rows import annotations_in_folder
from workers.dossier.model import Dossier
from workers.dossier.pdf import render_pdf
from workers.dossier.router import dossier_router
from workers.dossier.settings import ArchiveSettings
from workers.dossier.source import RestSource
from workers.errors import PermanentJobError
from workers.registry.database import open_registry
from workers.registry.tables import ArchivedDossier
from workers.settings import SettingsError

INSTANCE, ELEMENT = 2251799813685249, 2251799813685400
AT = "2027-02-01T17:00+08:00[Asia/Shanghai]"  # as FEEL's now() reaches a worker from Zeebe
REQUEST = ArchiveRequest.model_validate({"projectId": "TH-2027-001", "archivedAt": AT})
DOCUMENTS = {"doc-fsr": b"%PDF-1.7 feasibility study"}


def read_document(document_id: str) -> bytes:
    if document_id not in DOCUMENTS:
        raise LookupError(f"文件 {document_id} 不存在")
    return DOCUMENTS[document_id]


def sources_over(transport: httpx.BaseTransport, shared_dir: Path) -> Callable[[], DossierSources]:
    client = httpx.Client(base_url="http://cluster/v2", transport=transport)
    articles = ArticleIndex(shared_dir / "regulations")
    annotations = annotations_in_folder(PROJECT / "decisions")
    documentation = documentation_in_folder(PROJECT / "bpmn")

    def sources() -> DossierSources:
        return DossierSources(
            rest=RestSource(client),
            articles=articles,
            row_annotations=annotations,
            element_documentation=documentation,
            registry=None,
            read_document=read_document,
        )

    return sources


ARCHIVE_TASK = {
    "elementInstanceKey": str(ELEMENT),
    "elementId": "archive_dossier",
    "elementName": "生成并归档项目档案",
    "type": "SERVICE_TASK",
    "state": "ACTIVE",
    "hasIncident": False,
    "processInstanceKey": str(INSTANCE),
    "processDefinitionId": "th-acceptance",
    "processDefinitionKey": "2251799813685102",
    "startDate": "2027-02-01T09:00:00.000Z",
    "tenantId": "<default>",
}


def cluster(exported_after: int = 0) -> Callable[[httpx.Request], httpx.Response]:
    """The 8.8-shaped records; the archive task itself shows after ``exported_after`` reads of it."""
    reads = {"task": 0}

    def answer(request: httpx.Request) -> httpx.Response:
        if request.method == "GET" and request.url.path.startswith("/v2/element-instances/"):
            reads["task"] += 1
            key = request.url.path.rsplit("/", 1)[1]
            if reads["task"] <= exported_after:
                detail = f"Element instance with key '{key}' not found"
                problem = {"type": "about:blank", "title": "NOT_FOUND", "status": 404, "detail": detail}
                return httpx.Response(404, json=problem)
            content = json.dumps(ARCHIVE_TASK | {"elementInstanceKey": key}, ensure_ascii=False).encode()
            check_response("GET", request.url.path, 200, "application/json", content)
            return httpx.Response(200, content=content, headers={"content-type": "application/json"})
        return respond(request, decision_route=True)

    return answer


@pytest.fixture
def records(shared_dir: Path) -> Callable[[], DossierSources]:
    return sources_over(httpx.MockTransport(cluster()), shared_dir)


@pytest.fixture
def registry(tmp_path: Path) -> sessionmaker[Session]:
    return open_registry(f"sqlite:///{tmp_path / 'registry.db'}")


class CountingRender:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, dossier: Dossier) -> bytes:
        self.calls += 1
        return render_pdf(dossier)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "archived.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return "".join(text.split())


def rows(registry: sessionmaker[Session]) -> list[ArchivedDossier]:
    with registry() as session:
        return list(session.scalars(select(ArchivedDossier)))


def test_LZ_16_1_TH_28_1_the_pdf_is_stored_with_its_digest_and_recorded_in_the_registry(
    records: Callable[[], DossierSources], registry: sessionmaker[Session], tmp_path: Path
) -> None:
    store = FolderDocumentStore(tmp_path / "documents")
    archived = DossierArchiver(records, store, registry).archive(REQUEST, INSTANCE, ELEMENT)

    document_id = document_id_for("TH-2027-001", ELEMENT)
    stored = (tmp_path / "documents" / document_id).read_bytes()
    assert stored.startswith(b"%PDF-")
    digest = hashlib.sha256(stored).hexdigest()
    variables = archived.to_variables()
    assert variables["dossierSha256"] == digest
    assert variables["dossierDocument"]["documentId"] == document_id
    assert variables["dossierDocument"]["contentHash"] == digest
    assert variables["dossierPageCount"] == page_count(stored) > 2  # cover, contents, sections

    (row,) = rows(registry)
    assert (row.project_id, row.jurisdiction, row.process_instance_key) == ("TH-2027-001", "TH", INSTANCE)
    assert (row.source_key, row.document_id, row.sha256) == (ELEMENT, document_id, digest)
    assert (row.size_bytes, row.page_count) == (len(stored), variables["dossierPageCount"])
    assert row.generated_at == dt.datetime(2027, 2, 1, 9, 0)  # UTC, from the task's fixed time
    assert json.loads(row.document_reference) == variables["dossierDocument"]

    text = pdf_text(stored, tmp_path)
    assert "亭湖区数据共享平台" in text and "TH-11-2" in text and "第十一条" in text
    assert "生成时间2027-02-01T09:00:00+00:00" in text  # the task's fixed time, not the clock


def test_the_same_project_at_the_same_time_gives_the_same_bytes(
    records: Callable[[], DossierSources], tmp_path: Path
) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    for folder in (first, second):
        registry = open_registry(f"sqlite:///{folder / 'registry.db'}")
        DossierArchiver(records, FolderDocumentStore(folder), registry).archive(REQUEST, INSTANCE, ELEMENT)
    document_id = document_id_for("TH-2027-001", ELEMENT)
    assert (first / document_id).read_bytes() == (second / document_id).read_bytes()


def test_running_the_job_again_returns_the_archive_it_made(
    records: Callable[[], DossierSources], registry: sessionmaker[Session], tmp_path: Path
) -> None:
    render = CountingRender()
    archiver = DossierArchiver(records, FolderDocumentStore(tmp_path / "documents"), registry, render=render)
    first = archiver.archive(REQUEST, INSTANCE, ELEMENT)
    later = ArchiveRequest.model_validate({"projectId": "TH-2027-001", "archivedAt": "2027-03-01T09:00Z"})
    again = archiver.archive(later, INSTANCE, ELEMENT)
    assert again == first and render.calls == 1
    assert len(rows(registry)) == 1
    assert len(list((tmp_path / "documents").iterdir())) == 1


def test_a_run_that_stored_the_pdf_but_did_not_record_it_records_the_same_file(
    records: Callable[[], DossierSources], tmp_path: Path
) -> None:
    store = FolderDocumentStore(tmp_path / "documents")
    crashed = open_registry(f"sqlite:///{tmp_path / 'lost.db'}")
    DossierArchiver(records, store, crashed).archive(REQUEST, INSTANCE, ELEMENT)
    registry = open_registry(f"sqlite:///{tmp_path / 'registry.db'}")
    archived = DossierArchiver(records, store, registry).archive(REQUEST, INSTANCE, ELEMENT)
    assert [row.sha256 for row in rows(registry)] == [archived.sha256]
    assert len(list((tmp_path / "documents").iterdir())) == 1


def test_a_document_id_holding_other_bytes_is_never_overwritten(
    records: Callable[[], DossierSources], registry: sessionmaker[Session], tmp_path: Path
) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    taken = folder / document_id_for("TH-2027-001", ELEMENT)
    taken.write_bytes(b"%PDF-1.7 another file")
    with pytest.raises(ArchiveConflictError, match="内容与本次生成的项目档案不同：未覆盖"):
        DossierArchiver(records, FolderDocumentStore(folder), registry).archive(REQUEST, INSTANCE, ELEMENT)
    assert taken.read_bytes() == b"%PDF-1.7 another file" and rows(registry) == []


def test_an_open_incident_a_missing_document_and_a_provisional_2027_deadline_are_archived_marked(
    records: Callable[[], DossierSources], registry: sessionmaker[Session], tmp_path: Path
) -> None:
    store = FolderDocumentStore(tmp_path / "documents")
    archived = DossierArchiver(records, store, registry).archive(REQUEST, INSTANCE, ELEMENT)

    gaps = archived.to_variables()["dossierGaps"]
    assert any(g.startswith("异常：") and "SMTP 服务器无法连接" in g and "档案不完整" in g for g in gaps)
    assert any(g.startswith("材料：") and "项目建议书.docx" in g for g in gaps)
    assert any(g.startswith("时限：") and "暂定" in g for g in gaps)
    (row,) = rows(registry)
    assert row.gaps.splitlines() == gaps

    text = pdf_text(store.get(StoredArchive(row.store, row.document_id, {})), tmp_path)
    assert "未能确认" in text and "SMTP服务器无法连接" in text and "项目建议书.docx" in text
    assert "暂定" in text and "国务院节假日安排" in text  # the 2027 calendar is not published yet


def test_unreachable_sources_fail_the_job_for_a_retry_in_chinese(
    registry: sessionmaker[Session], shared_dir: Path, tmp_path: Path
) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    archiver = DossierArchiver(
        sources_over(httpx.MockTransport(refuse), shared_dir), FolderDocumentStore(tmp_path), registry
    )
    with pytest.raises(DossierSourcesUnreachableError, match="档案来源暂时无法读取，稍后重试") as raised:
        archiver.archive(REQUEST, INSTANCE, ELEMENT)
    assert not isinstance(raised.value, PermanentJobError)  # the app retries it after a back-off
    assert "无法连接 REST 接口 http://cluster/v2/" in str(raised.value)
    assert rows(registry) == [] and not any(tmp_path.glob("dossier-*"))


def test_an_unknown_project_raises_an_incident_naming_it(
    records: Callable[[], DossierSources], registry: sessionmaker[Session], tmp_path: Path
) -> None:
    unknown = ArchiveRequest.model_validate({"projectId": "TH-0000", "archivedAt": AT})
    archiver = DossierArchiver(records, FolderDocumentStore(tmp_path), registry)
    with pytest.raises(PermanentJobError, match="项目档案无法归档：项目 TH-0000 不存在"):
        archiver.archive(unknown, INSTANCE, ELEMENT)


TOKEN = "archive-secret"


@pytest.fixture
def engine_rest() -> Iterator[str]:
    """The REST address of an in-memory engine that asks for a bearer token, as a deployment runs it."""
    loop = LoopThread()
    running: RunningGateway = loop.run(start_gateway(Engine.in_memory(), token=TOKEN))
    yield f"http://127.0.0.1:{running.rest_port}/v2"
    loop.run(running.stop(grace_seconds=0.5))
    loop.close()


@pytest.fixture
def engine_documents(engine_rest: str) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=engine_rest, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30
    ) as client:
        yield client


def test_with_a_token_the_pdf_goes_to_the_engine_documents_and_reads_back(
    records: Callable[[], DossierSources],
    registry: sessionmaker[Session],
    engine_documents: httpx.Client,
) -> None:
    store = EngineDocumentStore(engine_documents)
    archived = DossierArchiver(records, store, registry).archive(REQUEST, INSTANCE, ELEMENT)
    reference = archived.document
    assert reference["camunda.document.type"] == "camunda" and reference["storeId"] == "in-memory"
    assert reference["contentHash"] == archived.sha256
    assert reference["metadata"]["contentType"] == "application/pdf"
    assert reference["metadata"]["customProperties"] == {
        "projectId": "TH-2027-001",
        "sha256": archived.sha256,
    }
    (row,) = rows(registry)
    pdf = store.get(StoredArchive(row.store, row.document_id, json.loads(row.document_reference)))
    assert hashlib.sha256(pdf).hexdigest() == row.sha256 and row.store == "in-memory"


def test_the_engine_store_takes_its_own_earlier_upload_and_refuses_other_bytes(
    engine_documents: httpx.Client,
) -> None:
    store = EngineDocumentStore(engine_documents)
    first = store.put("dossier-x-1.pdf", b"%PDF-1.7 archive", {"fileName": "项目档案-x.pdf"})
    again = store.put("dossier-x-1.pdf", b"%PDF-1.7 archive", {"fileName": "项目档案-x.pdf"})
    assert again.reference["contentHash"] == first.reference["contentHash"]
    assert store.get(again) == b"%PDF-1.7 archive"
    with pytest.raises(ArchiveConflictError, match=r"dossier-x-1\.pdf 已存在于引擎文档库"):
        store.put("dossier-x-1.pdf", b"%PDF-1.7 other", {"fileName": "项目档案-x.pdf"})


def test_without_the_token_the_engine_refuses_and_the_job_says_so(engine_rest: str) -> None:
    refused = r"引擎文档接口拒绝保存档案 dossier-x-1\.pdf：401"
    with (
        httpx.Client(base_url=engine_rest, timeout=30) as client,
        pytest.raises(PermanentJobError, match=refused),
    ):
        EngineDocumentStore(client).put("dossier-x-1.pdf", b"%PDF-1.7", {})


def test_settings_name_the_rest_address_and_store_in_the_engine_only_with_a_token() -> None:
    assert ArchiveSettings.from_env({}).stores_in_engine is False
    settings = ArchiveSettings.from_env(
        {
            "CAMUNDA_REST_ADDRESS": "https://camunda.example/v2/",
            "GOVIT_REST_TOKEN": "t",
            "GOVIT_MODELS_DIR": "/srv",
        }
    )
    assert (settings.rest_address, settings.stores_in_engine, settings.models_dir) == (
        "https://camunda.example",
        True,
        Path("/srv"),
    )
    with pytest.raises(SettingsError, match="CAMUNDA_REST_ADDRESS"):
        ArchiveSettings.from_env({"CAMUNDA_REST_ADDRESS": "camunda:8080"})


def test_the_task_time_is_read_as_zeebe_writes_now() -> None:
    assert REQUEST.archived_at == dt.datetime(2027, 2, 1, 9, 0, tzinfo=dt.UTC)
    with pytest.raises(ValueError, match="projectId"):
        ArchiveRequest.model_validate({"projectId": "", "archivedAt": AT})


def test_every_archive_of_a_project_is_counted_once_per_step(
    records: Callable[[], DossierSources], registry: sessionmaker[Session], tmp_path: Path
) -> None:
    archiver = DossierArchiver(records, FolderDocumentStore(tmp_path), registry)
    archiver.archive(REQUEST, INSTANCE, ELEMENT)
    archiver.archive(REQUEST, INSTANCE, ELEMENT + 1)  # acceptance repeated after a rectification
    with registry() as session:
        count = session.scalar(select(func.count()).select_from(ArchivedDossier))
    assert count == 2


@pytest.fixture
def s3() -> Iterator[tuple[Any, Stubber]]:
    client = boto3.client(
        "s3", region_name="cn-north-1", aws_access_key_id="test", aws_secret_access_key="test"
    )
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def s3_object(stubber: Stubber, key: str, data: bytes) -> None:
    body = StreamingBody(io.BytesIO(data), len(data))
    stubber.add_response(
        "get_object", {"Body": body, "ContentLength": len(data)}, {"Bucket": "govit", "Key": key}
    )


def test_in_an_s3_bucket_the_pdf_is_put_once_and_found_again(s3: tuple[Any, Stubber]) -> None:
    client, stubber = s3
    key = "archive/dossier-x-1.pdf"
    stubber.add_client_error("get_object", service_error_code="NoSuchKey", http_status_code=404)
    stubber.add_response(
        "put_object",
        {},
        {"Bucket": "govit", "Key": key, "Body": b"%PDF-1.7 archive", "ContentType": "application/pdf"},
    )
    s3_object(stubber, key, b"%PDF-1.7 archive")  # the job run again finds its own upload
    s3_object(stubber, key, b"%PDF-1.7 other")
    store = S3ArchiveStore(client, "govit", "archive/")
    first = store.put("dossier-x-1.pdf", b"%PDF-1.7 archive", {"fileName": "项目档案-x.pdf"})
    assert first.reference["contentHash"] == hashlib.sha256(b"%PDF-1.7 archive").hexdigest()
    assert store.put("dossier-x-1.pdf", b"%PDF-1.7 archive", {}).document_id == "dossier-x-1.pdf"
    with pytest.raises(ArchiveConflictError, match=r"s3://govit/archive/"):
        store.put("dossier-x-1.pdf", b"%PDF-1.7 archive", {})


def test_a_registry_that_does_not_answer_fails_the_job_for_a_retry(
    records: Callable[[], DossierSources], tmp_path: Path
) -> None:
    registry = open_registry(f"sqlite:///{tmp_path / 'registry.db'}")
    with registry.begin() as session:
        session.execute(text("DROP TABLE archived_dossiers"))  # as a database gone away answers
    archiver = DossierArchiver(records, FolderDocumentStore(tmp_path / "documents"), registry)
    with pytest.raises(DossierSourcesUnreachableError, match="登记库暂时无法访问，项目档案稍后重试归档"):
        archiver.archive(REQUEST, INSTANCE, ELEMENT)


def test_the_job_handler_reads_its_variables_and_the_job_keys(
    records: Callable[[], DossierSources], registry: sessionmaker[Session], tmp_path: Path
) -> None:
    router = dossier_router(DossierArchiver(records, FolderDocumentStore(tmp_path), registry))
    task = router.get_task(ARCHIVE_DOSSIER)
    assert set(task.config.variables_to_fetch or []) == {"projectId", "archivedAt"}
    assert task.config.job_parameter_name
    job = Job(
        key=9001,
        type=ARCHIVE_DOSSIER,
        process_instance_key=INSTANCE,
        bpmn_process_id="th-acceptance",
        process_definition_version=1,
        process_definition_key=4001,
        element_id="archive_dossier",
        element_instance_key=ELEMENT,
        custom_headers={},
        worker="test",
        retries=3,
        deadline=0,
        variables={},
    )
    variables = task.original_function(
        **{task.config.job_parameter_name: job}, projectId="TH-2027-001", archivedAt=AT
    )
    assert set(variables) == {"dossierDocument", "dossierSha256", "dossierPageCount", "dossierGaps"}
    (row,) = rows(registry)
    assert (row.process_instance_key, row.source_key) == (INSTANCE, ELEMENT)


def test_the_archive_waits_until_the_cluster_shows_its_own_task(
    registry: sessionmaker[Session], shared_dir: Path, tmp_path: Path
) -> None:
    """Operate's records lag the engine: the dossier is read once the archive task itself is there."""
    pauses: list[float] = []
    lagging = sources_over(httpx.MockTransport(cluster(exported_after=3)), shared_dir)
    archiver = DossierArchiver(lagging, FolderDocumentStore(tmp_path), registry, sleep=pauses.append)
    archiver.archive(REQUEST, INSTANCE, ELEMENT)
    assert pauses == [0.5, 0.5, 0.5] and len(rows(registry)) == 1


def test_records_that_never_catch_up_fail_the_job_for_a_retry(
    registry: sessionmaker[Session], shared_dir: Path, tmp_path: Path
) -> None:
    never = sources_over(httpx.MockTransport(cluster(exported_after=1000)), shared_dir)
    archiver = DossierArchiver(
        never, FolderDocumentStore(tmp_path), registry, records_wait_seconds=2, sleep=lambda _: None
    )
    with pytest.raises(DossierSourcesUnreachableError, match="引擎记录尚未同步到归档环节"):
        archiver.archive(REQUEST, INSTANCE, ELEMENT)
    assert rows(registry) == []
