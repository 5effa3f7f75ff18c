from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from workers.registry.database import open_engine, open_registry
from workers.registry.settings import RegistrySettings
from workers.registry.tables import Base


def test_migrations_build_exactly_the_orm_schema(registry_url: str) -> None:
    sessions = open_registry(registry_url)
    engine = sessions.kw["bind"]
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"version_table": "registry_alembic_version"})
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


def test_opening_twice_leaves_the_schema_at_head(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'nested' / 'registry.db'}"
    open_registry(url)
    open_registry(url)
    tables = set(inspect(open_engine(url)).get_table_names())
    assert {"projects", "filings", "registry_alembic_version"} <= tables


def test_settings_default_to_a_sqlite_file_under_the_data_dir() -> None:
    assert (
        RegistrySettings.from_env({"GOVIT_DATA_DIR": "/srv/govit"}).url == "sqlite:////srv/govit/registry.db"
    )
    url = "postgresql+psycopg://govit@db/govit"
    assert RegistrySettings.from_env({"GOVIT_REGISTRY_URL": url}).url == url
