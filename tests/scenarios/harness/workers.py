"""The project's real workers for one test, connected to the backend's gateway like any client.

Every domain router of ``workers.app`` runs on one pyzeebe worker: the registry and the in-app
notifications on the test's own SQLite file, documents from the test's folder, working-day
deadlines, and the dossier archived at acceptance (read over the backend's REST API, stored in the
test's document folder). Notifications resolve recipients through ``directory.yaml``.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import Future
from pathlib import Path

from pyzeebe import ZeebeWorker, create_insecure_channel

from workers.app import build_worker
from workers.deadlines.router import create_router as deadlines_router
from workers.deadlines.settings import DeadlineSettings
from workers.documents.router import create_router as documents_router
from workers.documents.settings import DocumentSettings
from workers.dossier.router import create_router as dossier_router
from workers.notifications.database import open_notifications
from workers.notifications.directory import load_directory
from workers.notifications.notifier import Notifier
from workers.notifications.router import notifications_router
from workers.registry.database import open_registry
from workers.registry.router import registry_router
from workers.settings import WorkerSettings

DIRECTORY = Path(__file__).with_name("directory.yaml")
PROJECT = Path(__file__).resolve().parents[3]
MEASURES = PROJECT.parent / "shared" / "regulations"


class ScenarioWorkers:
    """Start with :meth:`start` on the test's event loop; :meth:`stop` lets jobs in hand finish."""

    def __init__(self, zeebe_address: str, database_url: str, document_dir: Path, rest_address: str) -> None:
        self._zeebe_address = zeebe_address
        self._rest_address = rest_address
        self._database_url = database_url
        self._document_dir = document_dir
        self._worker: ZeebeWorker | None = None
        self._work: Future[None] | None = None

    async def start(self) -> None:
        notifier = Notifier(open_notifications(self._database_url), load_directory(DIRECTORY), None, None)
        routers = [
            registry_router(open_registry(self._database_url)),
            notifications_router(notifier),
            deadlines_router(DeadlineSettings()),
            documents_router(DocumentSettings(document_dir=self._document_dir)),
            dossier_router(
                {
                    "CAMUNDA_REST_ADDRESS": self._rest_address,
                    "GOVIT_REGISTRY_URL": self._database_url,
                    "GOVIT_DOCUMENT_DIR": str(self._document_dir),
                    "GOVIT_MODELS_DIR": str(PROJECT),
                    "GOVIT_MEASURES_DIR": str(MEASURES) if MEASURES.is_dir() else "",
                }
            ),
        ]
        channel = create_insecure_channel(grpc_address=self._zeebe_address)
        settings = WorkerSettings(zeebe_address=self._zeebe_address, retry_backoff_ms=0)
        self._worker = build_worker(channel, routers, settings)
        self._work = asyncio.run_coroutine_threadsafe(self._worker.work(), asyncio.get_running_loop())

    async def stop(self) -> None:
        if self._worker is not None:
            await self._worker.stop()
