"""Documents over REST: upload, download by id and content hash, batch upload, deletion, and the
link request the engine's stores refuse; in memory, and in a data directory across a restart."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx

from engine.gateway.serve import start_gateway
from engine.runtime import Engine
from tests.engine.gateway.conftest import Served
from tests.engine.gateway.rest_spec import checked_client


def _upload(
    rest: httpx.Client, content: bytes, metadata: dict[str, object] | None = None, **params: str
) -> httpx.Response:
    files: dict[str, tuple[str | None, bytes | str, str]] = {
        "file": ("立项批复.pdf", content, "application/pdf")
    }
    if metadata is not None:
        files["metadata"] = (None, json.dumps(metadata, ensure_ascii=False), "application/json")
    return rest.post("/v2/documents", files=files, params=params)


def test_upload_download_and_delete(gateway: Served) -> None:
    with checked_client(gateway.rest_url, timeout=10) as rest:
        created = _upload(rest, b"%PDF-1.7 ...", {"customProperties": {"项目编号": "BJ-2026-001"}})
        assert created.status_code == 201, created.text
        reference = created.json()
        assert reference["camunda.document.type"] == "camunda" and reference["storeId"] == "in-memory"
        assert reference["metadata"] == {
            "customProperties": {"项目编号": "BJ-2026-001"},
            "contentType": "application/pdf",
            "fileName": "立项批复.pdf",
            "size": 12,
        }
        url = f"/v2/documents/{reference['documentId']}"
        downloaded = rest.get(url, params={"contentHash": reference["contentHash"]})
        assert downloaded.content == b"%PDF-1.7 ..."
        assert downloaded.headers["content-type"] == "application/pdf"
        assert rest.get(url, params={"contentHash": "0" * 64}).status_code == 400
        assert rest.get(url).status_code == 400
        link = rest.post(
            f"{url}/links", params={"contentHash": reference["contentHash"]}, json={"timeToLive": 60000}
        )
        assert link.status_code == 400 and "links" in link.json()["detail"]
        assert rest.delete(url).status_code == 204
        assert rest.get(url, params={"contentHash": reference["contentHash"]}).status_code == 404
        assert rest.delete(url).status_code == 404


def test_chosen_ids_bad_metadata_and_expiry(controlled_gateway: Served) -> None:
    with checked_client(controlled_gateway.rest_url, timeout=10) as rest:
        first = _upload(rest, b"one", {"expiresAt": "2026-10-01T00:00:00Z"}, documentId="filing-1")
        assert first.status_code == 201 and first.json()["documentId"] == "filing-1"
        assert _upload(rest, b"two", documentId="filing-1").status_code == 409
        assert _upload(rest, b"two", documentId="../escape").status_code == 400
        unknown_field = _upload(rest, b"two", {"colour": "red"})
        assert unknown_field.status_code == 400 and "colour" in unknown_field.json()["detail"]
        assert _upload(rest, b"two", storeId="gcp").status_code == 400
        reference = first.json()
        controlled_gateway.controlled_clock.advance("P2D")
        expired = rest.get("/v2/documents/filing-1", params={"contentHash": reference["contentHash"]})
        assert expired.status_code == 404 and "expired" in expired.json()["detail"]


def test_a_binary_file_is_uploaded_as_it_is(gateway: Served) -> None:
    """A PDF holds bytes that are no UTF-8 text; the upload is not read as a JSON body."""
    binary = b"%PDF-1.4\n%\x93\x8c\x8b\x9e\n" + bytes(range(256))
    with checked_client(gateway.rest_url, timeout=10) as rest:
        created = _upload(rest, binary, {"fileName": "项目档案.pdf"})
        assert created.status_code == 201, created.text
        reference = created.json()
        downloaded = rest.get(
            f"/v2/documents/{reference['documentId']}", params={"contentHash": reference["contentHash"]}
        )
        assert downloaded.content == binary


def test_batch_upload(gateway: Served) -> None:
    with checked_client(gateway.rest_url, timeout=10) as rest:
        response = rest.post(
            "/v2/documents/batch",
            files=[
                ("files", ("a.txt", b"alpha", "text/plain")),
                ("files", ("b.txt", "乙".encode(), "text/plain")),
            ],
        )
        assert response.status_code == 201, response.text
        created = response.json()["createdDocuments"]
        assert [d["metadata"]["fileName"] for d in created] == ["a.txt", "b.txt"]
        second = rest.get(
            f"/v2/documents/{created[1]['documentId']}", params={"contentHash": created[1]["contentHash"]}
        )
        assert second.content.decode() == "乙"
        assert rest.post("/v2/documents/batch", files=[("other", ("x", b"x"))]).status_code == 400


def test_documents_stay_in_the_data_directory_across_a_restart(tmp_path: Path) -> None:
    async def round_trip() -> tuple[dict[str, str], bytes]:
        engine = Engine.open(tmp_path / "data")
        running = await start_gateway(engine, documents_dir=tmp_path / "data" / "documents")
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{running.rest_port}") as client:
            created = (
                await client.post("/v2/documents", files={"file": ("note.txt", b"kept", "text/plain")})
            ).json()
        await running.stop(grace_seconds=0.5)
        engine = Engine.open(tmp_path / "data")
        running = await start_gateway(engine, documents_dir=tmp_path / "data" / "documents")
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{running.rest_port}") as client:
            again = await client.get(
                f"/v2/documents/{created['documentId']}", params={"contentHash": created["contentHash"]}
            )
        await running.stop(grace_seconds=0.5)
        return created, again.content

    created, content = asyncio.run(round_trip())
    assert created["storeId"] == "local-storage"
    assert content == b"kept"
    assert (tmp_path / "data" / "documents" / created["documentId"]).read_bytes() == b"kept"
