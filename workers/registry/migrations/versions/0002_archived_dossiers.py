"""The archived dossiers: each project's dossier PDF stored at acceptance, its digest and gaps.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "archived_dossiers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("jurisdiction", sa.String(length=2), nullable=True),
        sa.Column("process_instance_key", sa.BigInteger(), nullable=False),
        sa.Column("source_key", sa.BigInteger(), nullable=False),
        sa.Column("store", sa.String(length=40), nullable=False),
        sa.Column("document_id", sa.String(length=200), nullable=False),
        sa.Column("document_reference", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("page_count", sa.Integer(), nullable=False),
        sa.Column("generated_at", sa.DateTime(), nullable=False),
        sa.Column("gaps", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source_key"),
    )
    op.create_index(
        op.f("ix_archived_dossiers_project_id"), "archived_dossiers", ["project_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_archived_dossiers_project_id"), table_name="archived_dossiers")
    op.drop_table("archived_dossiers")
