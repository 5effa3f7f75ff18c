"""A delivery is claimed until an instant before it is sent, so an overlapping attempt sends nothing.

A job that outlived its timeout (10 s, while SMTP may take 30 s) was handed out again and its second
attempt sent the mails the first one was still sending. Rows written before have no claim.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("notification_deliveries", sa.Column("claimed_until", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("notification_deliveries") as batch:
        batch.drop_column("claimed_until")
