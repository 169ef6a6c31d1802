"""decision batches: the decisions of one bulk action share a batch, so one undo takes back all of them

Revision ID: c2d7e9a41b60
Revises: bf45f39df4c4
Create Date: 2026-12-07 09:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c2d7e9a41b60'
down_revision = 'bf45f39df4c4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('batch', sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f('ix_decisions_batch'), ['batch'], unique=False)


def downgrade():
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decisions_batch'))
        batch_op.drop_column('batch')
