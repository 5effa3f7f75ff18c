"""Documents: upload one or several (multipart), download by id and content hash, delete, and the
link request the engine's stores refuse (see ``document_store``)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any
from urllib.parse import quote

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from engine.gateway.rest.context import RestContext, handled
from engine.gateway.rest.document_store import DocumentStore, StoredDocument
from engine.gateway.rest.problems import BadRequest
from engine.runtime import errors

_METADATA_FIELDS = frozenset(
    {
        "contentType",
        "fileName",
        "expiresAt",
        "size",
        "processDefinitionId",
        "processInstanceKey",
        "customProperties",
    }
)


def _instant(raw: Any, where: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    except ValueError:
        raise BadRequest(f"{where}.expiresAt is '{raw}' but must be an ISO 8601 date-time") from None
    if moment.tzinfo is None:
        raise BadRequest(f"{where}.expiresAt is '{raw}' but must name its offset (e.g. Z)")
    return moment


def metadata_of(raw: Any, part: UploadFile, content: bytes, where: str) -> dict[str, Any]:
    """The document's metadata: what the client sent, checked, completed from the file part."""
    given: Any = {}
    if raw is not None:
        try:
            given = json.loads(raw) if isinstance(raw, str) else raw
        except json.JSONDecodeError as error:
            raise BadRequest(f"{where} is not valid JSON: {error}") from None
    if not isinstance(given, dict):
        raise BadRequest(f"{where} must be a JSON object")
    unknown = set(given) - _METADATA_FIELDS
    if unknown:
        raise BadRequest(f"{where} has unknown fields: {', '.join(sorted(unknown))}")
    if "expiresAt" in given:
        _instant(given["expiresAt"], where)
    if "customProperties" in given and not isinstance(given["customProperties"], dict):
        raise BadRequest(f"{where}.customProperties must be a JSON object")
    metadata = dict(given)
    metadata.setdefault("contentType", part.content_type or "application/octet-stream")
    if part.filename:
        metadata.setdefault("fileName", part.filename)
    metadata["size"] = len(content)
    return metadata


def reference(store: DocumentStore, document: StoredDocument) -> dict[str, Any]:
    return {
        "camunda.document.type": "camunda",
        "storeId": store.store_id,
        "documentId": document.document_id,
        "contentHash": document.content_hash,
        "metadata": document.metadata,
    }


def routes(ctx: RestContext) -> list[Route]:
    store = ctx.documents

    def check_store(request: Request) -> None:
        store_id = request.query_params.get("storeId")
        if store_id not in (None, "", store.store_id):
            raise BadRequest(
                f"Document store with id '{store_id}' does not exist; this engine's is '{store.store_id}'"
            )

    def readable(request: Request) -> StoredDocument:
        check_store(request)
        document_id = request.path_params["documentId"]
        document = store.get(document_id)
        content_hash = request.query_params.get("contentHash")
        if not content_hash:
            raise BadRequest("No contentHash provided: give the hash the upload returned")
        if content_hash != document.content_hash:
            raise BadRequest(f"The content hash '{content_hash}' does not match document '{document_id}'")
        expires = document.metadata.get("expiresAt")
        if expires is not None and _instant(expires, "metadata") <= ctx.engine.now():
            raise errors.NotFound(f"Document with id '{document_id}' expired at {expires}")
        return document

    async def create_document(request: Request) -> Response:
        check_store(request)
        async with request.form() as form:
            part = form.get("file")
            if not isinstance(part, UploadFile):
                raise BadRequest("No file provided: send the document as the multipart part 'file'")
            content = await part.read()
            metadata = metadata_of(form.get("metadata"), part, content, "metadata")
        document_id = request.query_params.get("documentId") or str(uuid.uuid4())
        document = store.put(document_id, content, metadata)
        return JSONResponse(reference(store, document), status_code=201)

    async def create_documents(request: Request) -> Response:
        check_store(request)
        async with request.form() as form:
            parts = form.getlist("files")
            if not parts or not all(isinstance(part, UploadFile) for part in parts):
                raise BadRequest("No files provided: send each document as a multipart part 'files'")
            raw_list = form.get("metadataList")
            listed: Any = json.loads(raw_list) if isinstance(raw_list, str) and raw_list.strip() else None
            if listed is not None and (not isinstance(listed, list) or len(listed) != len(parts)):
                raise BadRequest("metadataList must be a JSON array with one entry per file")
            created: list[dict[str, Any]] = []
            failed: list[dict[str, Any]] = []
            for index, part in enumerate(parts):
                assert isinstance(part, UploadFile)
                content = await part.read()
                # a file part may carry its own metadata, as the official clients send it
                raw = listed[index] if listed is not None else part.headers.get("X-Document-Metadata")
                try:
                    metadata = metadata_of(raw, part, content, f"metadataList[{index}]")
                    created.append(reference(store, store.put(str(uuid.uuid4()), content, metadata)))
                except (BadRequest, errors.EngineError) as error:
                    failed.append({"fileName": part.filename or f"files[{index}]", "detail": str(error)})
        body: dict[str, Any] = {"createdDocuments": created, "failedDocuments": failed}
        status = 201 if not failed else (207 if created else 400)
        if status == 400:
            raise BadRequest("; ".join(f"{item['fileName']}: {item['detail']}" for item in failed))
        return JSONResponse(body, status_code=status)

    async def get_document(request: Request) -> Response:
        document = readable(request)
        headers = {}
        file_name = document.metadata.get("fileName")
        if isinstance(file_name, str) and file_name:
            headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quoted(file_name)}"
        content_type = str(document.metadata.get("contentType") or "application/octet-stream")
        return Response(document.content, media_type=content_type, headers=headers)

    async def delete_document(request: Request) -> Response:
        check_store(request)
        store.delete(request.path_params["documentId"])
        return Response(status_code=204)

    async def create_link(request: Request) -> Response:
        readable(request)
        raise BadRequest(
            f"The {store.store_id} document store does not create links (as Camunda's in-memory and local "
            "stores do not); download the document with GET /v2/documents/{documentId} instead"
        )

    return [
        Route("/v2/documents", handled(create_document), methods=["POST"]),
        Route("/v2/documents/batch", handled(create_documents), methods=["POST"]),
        Route("/v2/documents/{documentId}", handled(get_document), methods=["GET"]),
        Route("/v2/documents/{documentId}", handled(delete_document), methods=["DELETE"]),
        Route("/v2/documents/{documentId}/links", handled(create_link), methods=["POST"]),
    ]


def _quoted(name: str) -> str:
    return quote(name, safe="")
