"""The pyzeebe router of the dossier domain: job type ``govit.dossier.archive``."""

# No ``from __future__ import annotations`` here: pyzeebe finds the job parameter by comparing the
# annotation object with ``Job``, which a string annotation would not match.

import os
from collections.abc import Mapping
from typing import Any

import boto3
import httpx
from pyzeebe import Job, ZeebeTaskRouter

from workers.documents.router import create_store
from workers.documents.settings import DocumentSettings
from workers.dossier.archive_store import (
    ArchiveStore,
    EngineDocumentStore,
    FolderDocumentStore,
    S3ArchiveStore,
)
from workers.dossier.archiving import ARCHIVE_DOSSIER, ArchiveRequest, DossierArchiver
from workers.dossier.articles import ArticleIndex
from workers.dossier.assembly import DossierSources
from workers.dossier.bpmn_docs import documentation_in_folder
from workers.dossier.dmn_rows import annotations_in_folder
from workers.dossier.settings import ArchiveSettings, DossierSettings
from workers.dossier.source import RestSource
from workers.registry.database import open_registry
from workers.registry.settings import RegistrySettings

JOB_TYPES = (ARCHIVE_DOSSIER,)
# Assembling a long project's records and laying out its PDF takes longer than pyzeebe's 10 s default.
_TIMEOUT_MS = 300_000


def rest_client(settings: ArchiveSettings) -> httpx.Client:
    headers = {"Authorization": f"Bearer {settings.rest_token}"} if settings.rest_token else {}
    return httpx.Client(base_url=f"{settings.rest_address}/v2", headers=headers, timeout=60)


def create_router(environ: Mapping[str, str] | None = None) -> ZeebeTaskRouter:
    """The archive job built from ``CAMUNDA_REST_ADDRESS``, ``GOVIT_REST_TOKEN``, ``GOVIT_MODELS_DIR``,
    ``GOVIT_MEASURES_DIR``, ``GOVIT_REGISTRY_URL`` and the document store's ``GOVIT_DOCUMENT_*``."""
    environ = os.environ if environ is None else environ
    settings = ArchiveSettings.from_env(environ)
    documents = DocumentSettings.from_env(environ)
    client = rest_client(settings)
    store: ArchiveStore
    if settings.stores_in_engine:
        store = EngineDocumentStore(client)
    elif documents.store == "s3" and documents.s3_bucket:
        bucket = boto3.client("s3", endpoint_url=documents.s3_endpoint, region_name=documents.s3_region)
        store = S3ArchiveStore(bucket, documents.s3_bucket, documents.s3_prefix)
    else:
        store = FolderDocumentStore(documents.document_dir)
    registry = open_registry(RegistrySettings.from_env(environ).url)
    models = settings.models_dir
    read_document = create_store(documents).read
    articles = ArticleIndex(DossierSettings.from_env(environ).measures_dir)
    row_annotations = annotations_in_folder(models / "decisions")
    element_documentation = documentation_in_folder(models / "bpmn")

    def sources() -> DossierSources:
        return DossierSources(
            rest=RestSource(client),
            articles=articles,
            row_annotations=row_annotations,
            element_documentation=element_documentation,
            registry=registry,
            read_document=read_document,
        )

    return dossier_router(DossierArchiver(sources, store, registry))


def dossier_router(archiver: DossierArchiver) -> ZeebeTaskRouter:
    router = ZeebeTaskRouter()

    @router.task(ARCHIVE_DOSSIER, variables_to_fetch=ArchiveRequest.variable_names(), timeout_ms=_TIMEOUT_MS)
    def archive_dossier(job: Job, **variables: Any) -> dict[str, Any]:
        request = ArchiveRequest.model_validate(variables)
        archived = archiver.archive(request, job.process_instance_key, job.element_instance_key)
        return archived.to_variables()

    return router
