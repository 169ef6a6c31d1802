"""pad snapshots remember the writers they fold

A compaction deletes the updates it folds; the snapshot keeps, for each writer, the id of
their last folded update, so a revision cut later still names everyone who changed the pad.

Revision ID: b5d1f0c8e2a7
Revises: 7c3e5a9b2d41
Create Date: 2026-12-01 20:05:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b5d1f0c8e2a7'
down_revision = '7c3e5a9b2d41'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('pad_snapshots', schema=None) as batch_op:
        batch_op.add_column(sa.Column('writers', sa.JSON(), nullable=False, server_default='{}'))


def downgrade():
    with op.batch_alter_table('pad_snapshots', schema=None) as batch_op:
        batch_op.drop_column('writers')
