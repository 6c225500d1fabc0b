"""outboxmessage: e-mails waiting to be sent (password reset, invitations)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'outboxmessage',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('to', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('sent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('outboxmessage', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outboxmessage_created_at'), ['created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('outboxmessage', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outboxmessage_created_at'))
    op.drop_table('outboxmessage')
