"""The notification tables live in the registry database, under their own migration chain."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from workers.registry.database import open_engine, upgrade

MIGRATIONS = Path(__file__).parent / "migrations"


def open_notifications(url: str) -> sessionmaker[Session]:
    engine = open_engine(url)
    upgrade(engine, MIGRATIONS, "notifications_alembic_version")
    return sessionmaker(engine, expire_on_commit=False)
