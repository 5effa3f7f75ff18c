"""The registry's tables as typed SQLAlchemy ORM classes.

Every fact carries the jurisdiction of its project (LG, HY, LZ, TH, YB) through the project row;
rows written by a job remember its element instance key so a retried job records its fact once.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Project(Base):
    __tablename__ = "projects"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    jurisdiction: Mapped[str] = mapped_column(String(2), index=True)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(200), index=True)
    project_code: Mapped[str | None] = mapped_column(String(64))
    total_investment_yuan: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    registered_at: Mapped[datetime]
    source_key: Mapped[int | None] = mapped_column(BigInteger, unique=True)

    phases: Mapped[list[Phase]] = relationship(back_populates="project", order_by="Phase.number")


class Phase(Base):
    __tablename__ = "phases"
    __table_args__ = (UniqueConstraint("project_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id"))
    number: Mapped[int]
    started_on: Mapped[date]

    project: Mapped[Project] = relationship(back_populates="phases")


class Application(Base):
    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id"), index=True)
    phase_number: Mapped[int]
    kind: Mapped[str] = mapped_column(String(40))
    submitted_on: Mapped[date]
    process_instance_key: Mapped[int | None] = mapped_column(BigInteger)
    source_key: Mapped[int | None] = mapped_column(BigInteger, unique=True)


class Decision(Base):
    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id"), index=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"))
    outcome: Mapped[str] = mapped_column(String(20))
    authority: Mapped[str] = mapped_column(String(20))
    decided_on: Mapped[date]
    rule_ids: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    source_key: Mapped[int | None] = mapped_column(BigInteger, unique=True)


class Filing(Base):
    __tablename__ = "filings"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    authority: Mapped[str] = mapped_column(String(20))
    rule_id: Mapped[str | None] = mapped_column(String(20))
    due_on: Mapped[date | None] = mapped_column(index=True)
    filed_on: Mapped[date | None]
    source_key: Mapped[int | None] = mapped_column(BigInteger, unique=True)


class Milestone(Base):
    __tablename__ = "milestones"
    __table_args__ = (UniqueConstraint("project_id", "phase_number", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id"), index=True)
    phase_number: Mapped[int]
    kind: Mapped[str] = mapped_column(String(40))
    reached_on: Mapped[date]


class ComplianceFlag(Base):
    """The latest known value of one compliance flag of a project's system."""

    __tablename__ = "compliance_flags"

    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id"), primary_key=True)
    flag: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[bool]
    recorded_on: Mapped[date]


class UnitIssue(Base):
    """An unresolved (or resolved) issue of a construction unit that can block its new projects."""

    __tablename__ = "unit_issues"

    id: Mapped[int] = mapped_column(primary_key=True)
    jurisdiction: Mapped[str] = mapped_column(String(2))
    unit: Mapped[str] = mapped_column(String(200), index=True)
    rule_id: Mapped[str] = mapped_column(String(20))
    force: Mapped[str] = mapped_column(String(4))
    description: Mapped[str] = mapped_column(Text)
    opened_on: Mapped[date]
    resolved_on: Mapped[date | None]
    source_key: Mapped[int | None] = mapped_column(BigInteger, unique=True)


class ArchivedDossier(Base):
    """A project's dossier as archived at acceptance: the PDF stored with its documents, and its digest.

    The project is not a foreign key: a dossier is archived for what the engine holds even when the
    registry does not know the project (the dossier then marks that gap itself). ``source_key`` is
    the archiving job's element instance, so a retried or re-run job records its archive once;
    ``generated_at`` is the generation time the PDF records, in UTC.
    """

    __tablename__ = "archived_dossiers"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[str] = mapped_column(String(36), index=True)
    jurisdiction: Mapped[str | None] = mapped_column(String(2))
    process_instance_key: Mapped[int] = mapped_column(BigInteger)
    source_key: Mapped[int] = mapped_column(BigInteger, unique=True)
    store: Mapped[str] = mapped_column(String(40))
    document_id: Mapped[str] = mapped_column(String(200))
    document_reference: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int]
    page_count: Mapped[int]
    generated_at: Mapped[datetime]
    gaps: Mapped[str] = mapped_column(Text, default="")
