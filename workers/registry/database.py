"""The registry database: one engine per URL, its schema brought to the newest migration at start."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"


def open_engine(url: str) -> Engine:
    """An engine for ``url``; for a SQLite file its directory is created and foreign keys are enforced."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(parsed, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def upgrade(engine: Engine, migrations: Path, version_table: str) -> None:
    """Apply every migration under ``migrations`` not yet applied (``alembic upgrade head``).

    Each domain keeps its own migration chain and version table in the shared database, so the
    registry and notifications schemas evolve independently.
    """
    config = Config()
    config.set_main_option("script_location", str(migrations))
    config.attributes["version_table"] = version_table
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_registry(url: str) -> sessionmaker[Session]:
    """Open the registry database at ``url``, migrate it to the newest schema, return a session factory."""
    engine = open_engine(url)
    upgrade(engine, MIGRATIONS, "registry_alembic_version")
    return sessionmaker(engine, expire_on_commit=False)
