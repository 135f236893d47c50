"""create offers, snapshots, runs, quarantine, disclosures

Revision ID: 0001
Revises: 
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('disclosure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
    sa.Column('brand', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('currency', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=True),
    sa.Column('basis', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('offer_id', 'brand', 'kind', name='uq_disclosure')
    )
    with op.batch_alter_table('disclosure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_disclosure_brand'), ['brand'], unique=False)
        batch_op.create_index(batch_op.f('ix_disclosure_offer_id'), ['offer_id'], unique=False)

    op.create_table('offer',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('external_id', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('brand', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('brand_name', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('url', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.Column('geography', sa.JSON(), nullable=False),
    sa.Column('terms', sa.JSON(), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=True),
    sa.Column('effective_to', sa.Date(), nullable=True),
    sa.Column('current_snapshot_id', sa.Integer(), nullable=True),
    sa.Column('first_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('offer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offer_brand'), ['brand'], unique=False)
        batch_op.create_index(batch_op.f('ix_offer_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_offer_source'), ['source'], unique=False)

    op.create_table('refresh_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('stored', sa.Integer(), nullable=False),
    sa.Column('updated', sa.Integer(), nullable=False),
    sa.Column('unchanged', sa.Integer(), nullable=False),
    sa.Column('quarantined', sa.Integer(), nullable=False),
    sa.Column('errors', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('refresh_run', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refresh_run_source'), ['source'], unique=False)

    op.create_table('offer_region',
    sa.Column('offer_id', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('excluded', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['offer_id'], ['offer.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('offer_id', 'key', 'excluded')
    )
    with op.batch_alter_table('offer_region', schema=None) as batch_op:
        batch_op.create_index('ix_offer_region_key', ['key'], unique=False)

    op.create_table('offer_snapshot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('payload_sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('raw', sa.JSON(), nullable=False),
    sa.Column('terms', sa.JSON(), nullable=False),
    sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('source_url', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.Column('schema_version', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['offer_id'], ['offer.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('offer_snapshot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offer_snapshot_offer_id'), ['offer_id'], unique=False)

    op.create_table('quarantined_payload',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('payload_sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('raw', sa.JSON(), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('source_url', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.Column('schema_version', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.ForeignKeyConstraint(['run_id'], ['refresh_run.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('quarantined_payload', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quarantined_payload_source'), ['source'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('quarantined_payload', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quarantined_payload_source'))

    op.drop_table('quarantined_payload')
    with op.batch_alter_table('offer_snapshot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offer_snapshot_offer_id'))

    op.drop_table('offer_snapshot')
    with op.batch_alter_table('offer_region', schema=None) as batch_op:
        batch_op.drop_index('ix_offer_region_key')

    op.drop_table('offer_region')
    with op.batch_alter_table('refresh_run', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_refresh_run_source'))

    op.drop_table('refresh_run')
    with op.batch_alter_table('offer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offer_source'))
        batch_op.drop_index(batch_op.f('ix_offer_category'))
        batch_op.drop_index(batch_op.f('ix_offer_brand'))

    op.drop_table('offer')
    with op.batch_alter_table('disclosure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_disclosure_offer_id'))
        batch_op.drop_index(batch_op.f('ix_disclosure_brand'))

    op.drop_table('disclosure')
