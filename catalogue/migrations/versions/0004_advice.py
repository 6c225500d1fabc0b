"""advice and adviceoption: anonymous VG advices and how their options went; organisation.region

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('region', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))
    op.create_table(
        'advice',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column('form_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=True),
        sa.Column('region', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column('municipality', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column('advice_categories', sa.JSON(), nullable=False),
        sa.Column('contexts', sa.JSON(), nullable=False),
        sa.Column('pg_dimensions', sa.JSON(), nullable=False),
        sa.Column('themes', sa.JSON(), nullable=False),
        sa.Column('days_to_first_session', sa.Integer(), nullable=True),
        sa.Column('gap', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('form_key'),
    )
    with op.batch_alter_table('advice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_advice_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_advice_code'), ['code'], unique=True)
        batch_op.create_index(batch_op.f('ix_advice_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_advice_region'), ['region'], unique=False)
    op.create_table(
        'adviceoption',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('advice_id', sa.Integer(), nullable=False),
        sa.Column('group_id', sa.Integer(), nullable=False),
        sa.Column('domain', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('without_referral', sa.Boolean(), nullable=False),
        sa.Column('days_to_first_session', sa.Integer(), nullable=True),
        sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['advice_id'], ['advice.id']),
        sa.ForeignKeyConstraint(['group_id'], ['group.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('advice_id', 'group_id'),
    )
    with op.batch_alter_table('adviceoption', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_adviceoption_advice_id'), ['advice_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_adviceoption_group_id'), ['group_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('adviceoption', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_adviceoption_group_id'))
        batch_op.drop_index(batch_op.f('ix_adviceoption_advice_id'))
    op.drop_table('adviceoption')
    with op.batch_alter_table('advice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_advice_region'))
        batch_op.drop_index(batch_op.f('ix_advice_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_advice_code'))
        batch_op.drop_index(batch_op.f('ix_advice_at'))
    op.drop_table('advice')
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('region')
