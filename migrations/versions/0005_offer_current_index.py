"""offer: the current snapshot's payload hash, and one index covering what load_offers reads

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('offer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('current_payload_sha256',
                                      sqlmodel.sql.sqltypes.AutoString(length=64),
                                      nullable=True))
    op.execute("UPDATE offer SET current_payload_sha256 = (SELECT offer_snapshot.payload_sha256 "
               "FROM offer_snapshot WHERE offer_snapshot.id = offer.current_snapshot_id)")
    with op.batch_alter_table('offer', schema=None) as batch_op:
        batch_op.create_index('ix_offer_current', ['category', 'id', 'updated_at',
                                                   'current_snapshot_id',
                                                   'current_payload_sha256'], unique=False)
        batch_op.drop_index('ix_offer_category')  # the new index leads with the category


def downgrade() -> None:
    with op.batch_alter_table('offer', schema=None) as batch_op:
        batch_op.create_index('ix_offer_category', ['category'], unique=False)
        batch_op.drop_index('ix_offer_current')
        batch_op.drop_column('current_payload_sha256')
