"""match events: municipality and gap flag (no good fit within the person's constraints)

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('matchevent', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('municipality', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True)
        )
        batch_op.add_column(
            sa.Column('gap', sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table('matchevent', schema=None) as batch_op:
        batch_op.drop_column('gap')
        batch_op.drop_column('municipality')
