"""0002 adds the archived dossiers to a registry that a district has run at 0001, keeping its rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect, text

from workers.registry.database import MIGRATIONS, open_engine, open_registry
from workers.registry.tables import ArchivedDossier


def migrate_to(url: str, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["version_table"] = "registry_alembic_version"
    with open_engine(url).begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def test_an_older_registry_upgrades_to_the_archived_dossiers_and_keeps_its_projects(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'registry.db'}"
    migrate_to(url, "0001")
    engine = open_engine(url)
    assert "archived_dossiers" not in inspect(engine).get_table_names()
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO projects (id, jurisdiction, name, unit, registered_at) "
                "VALUES ('LG-2021-001', 'LG', '龙岗区智慧城管平台', '区城管局', '2021-05-01 09:00:00')"
            )
        )
    engine.dispose()

    sessions = open_registry(url)
    with sessions.begin() as session:
        session.add(
            ArchivedDossier(
                project_id="LG-2021-001",
                jurisdiction="LG",
                process_instance_key=1,
                source_key=2,
                store="govit-local",
                document_id="dossier-LG-2021-001-2.pdf",
                document_reference="{}",
                sha256="0" * 64,
                size_bytes=10,
                page_count=3,
                generated_at=dt.datetime(2026, 9, 30, 1, 0),
            )
        )
    with sessions() as session:
        version = session.execute(text("SELECT version_num FROM registry_alembic_version")).scalar_one()
        names = session.execute(text("SELECT name FROM projects")).scalars().all()
        archived = session.execute(text("SELECT project_id, gaps FROM archived_dossiers")).one()
    assert version == "0002"
    assert names == ["龙岗区智慧城管平台"]
    assert tuple(archived) == ("LG-2021-001", "")


def test_downgrading_0002_removes_only_the_archived_dossiers(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'registry.db'}"
    open_registry(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["version_table"] = "registry_alembic_version"
    with open_engine(url).begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    tables = set(inspect(open_engine(url)).get_table_names())
    assert "archived_dossiers" not in tables and {"projects", "filings"} <= tables
