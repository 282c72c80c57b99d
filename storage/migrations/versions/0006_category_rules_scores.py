"""category.kind and category.rules (per-category knobs); indicator_score (score sheets, SPEC §7)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 21:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('category', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                'kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False, server_default='projects'
            )
        )
        batch_op.add_column(sa.Column('rules', sa.Text(), nullable=False, server_default='{}'))
    op.create_table(
        'indicatorscore',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('period', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('category_id', sa.Integer(), nullable=False),
        sa.Column('score', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('bonus', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('imported_at', storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('imported_by', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.ForeignKeyConstraint(['category_id'], ['category.id']),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('period', 'unit_id', 'category_id'),
    )
    with op.batch_alter_table('indicatorscore', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicatorscore_period'), ['period'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('indicatorscore', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicatorscore_period'))
    op.drop_table('indicatorscore')
    with op.batch_alter_table('category', schema=None) as batch_op:
        batch_op.drop_column('rules')
        batch_op.drop_column('kind')
