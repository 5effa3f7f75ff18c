"""In-app messages are marked read (``read_at``); a user's unread ones are found by one index.

The ``read_at`` column came with 0001 but nothing set it. The index on the user alone becomes an
index on the user and ``read_at``, which serves both a user's inbox and their unread messages.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_notification_outbox_user_id", table_name="notification_outbox")
    op.create_index(
        "ix_notification_outbox_user_id_read_at", "notification_outbox", ["user_id", "read_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_notification_outbox_user_id_read_at", table_name="notification_outbox")
    op.create_index("ix_notification_outbox_user_id", "notification_outbox", ["user_id"], unique=False)
