"""pads count their redactions, so an editor's offline copy from before one is forgotten

Revision ID: a6c3e2f18d47
Revises: d3a9f1c27b84
Create Date: 2026-12-06 11:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a6c3e2f18d47'
down_revision = 'd3a9f1c27b84'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('pads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('redactions', sa.Integer(), nullable=False, server_default='0'))


def downgrade():
    with op.batch_alter_table('pads', schema=None) as batch_op:
        batch_op.drop_column('redactions')
