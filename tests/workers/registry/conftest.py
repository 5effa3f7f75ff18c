"""Registry databases for tests: a migrated SQLite file, and PostgreSQL where a server can be started."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from workers.registry.database import open_registry

PG_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


class PostgresServer:
    """A throwaway PostgreSQL cluster in a temp dir, run by a non-root user (initdb refuses root)."""

    def __init__(self, bin_dir: Path, run_as: str | None) -> None:
        self.bin_dir = bin_dir
        self.run_as = run_as
        self.root = Path(tempfile.mkdtemp(prefix="govit-pg-"))
        self.port = _free_port()
        self.databases = 0

    def _run(self, *args: str) -> None:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.run_as is not None:
            command = ["runuser", "-u", self.run_as, "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        if self.run_as is not None:
            shutil.chown(self.root, self.run_as)
        data = self.root / "data"
        self._run("initdb", "-D", str(data), "-U", "govit", "--auth=trust", "-E", "UTF8", "--no-sync")
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "start", "-w", "-D", str(data), "-l", str(self.root / "log"), "-o", options)

    def stop(self) -> None:
        self._run("pg_ctl", "stop", "-m", "immediate", "-D", str(self.root / "data"))
        shutil.rmtree(self.root, ignore_errors=True)

    def new_database(self, template: str | None = None) -> str:
        self.databases += 1
        name = f"registry_{self.databases}"
        admin = create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(
                text(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
            )
        admin.dispose()
        return self.url(name)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://govit@127.0.0.1:{self.port}/{database}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _postgres_user() -> str | None:
    """The account to run the server as: ourselves, or when we are root the Debian ``postgres`` account."""
    if os.geteuid() != 0:
        return None
    try:
        subprocess.run(["id", "postgres"], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("PostgreSQL tests: running as root and no 'postgres' account to run initdb as")
    return "postgres"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    if not PG_BIN_DIRS or not (PG_BIN_DIRS[0] / "initdb").exists():
        pytest.skip(
            "PostgreSQL tests: no initdb under /usr/lib/postgresql/*/bin (apt-get install postgresql)"
        )
    server = PostgresServer(PG_BIN_DIRS[0], _postgres_user())
    try:
        server.start()
    except subprocess.CalledProcessError as error:
        pytest.skip(f"PostgreSQL tests: the server did not start: {error.stderr.decode(errors='replace')}")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A registry database migrated once; each test gets a copy (migrating takes a third of a second)."""
    path = tmp_path_factory.mktemp("template") / "registry.db"
    open_registry(f"sqlite:///{path}").kw["bind"].dispose()
    return path


@pytest.fixture(scope="session")
def migrated_postgres(postgres_server: PostgresServer) -> str:
    url = postgres_server.new_database()
    open_registry(url).kw["bind"].dispose()
    return url.rsplit("/", 1)[1]


@pytest.fixture(params=["sqlite", "postgresql"])
def registry_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        shutil.copy(request.getfixturevalue("migrated_sqlite"), tmp_path / "registry.db")
        return f"sqlite:///{tmp_path / 'registry.db'}"
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.new_database(template=request.getfixturevalue("migrated_postgres"))


@pytest.fixture
def sessions(registry_url: str) -> Iterator[sessionmaker[Session]]:
    factory = open_registry(registry_url)
    yield factory
    bind = factory.kw["bind"]
    bind.dispose()


@pytest.fixture
def session(sessions: sessionmaker[Session]) -> Iterator[Session]:
    with sessions.begin() as session:
        yield session
