"""report categories, posts dated by their newest report, archived classes and prompts

Revision ID: d3a9f1c27b84
Revises: 8f75d5f6f2af
Create Date: 2026-12-06 11:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd3a9f1c27b84'
down_revision = '8f75d5f6f2af'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.add_column(sa.Column('category', sa.String(length=16), nullable=False, server_default='other'))
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reported_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('classrooms', schema=None) as batch_op:
        batch_op.add_column(sa.Column('archived_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('prompts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('archived_at', sa.DateTime(), nullable=True))
    # Reports already open date their post by the newest of them, as new ones will.
    op.execute(
        "UPDATE posts SET reported_at = (SELECT MAX(flags.created_at) FROM flags"
        " WHERE flags.post_id = posts.id AND flags.resolved_at IS NULL) WHERE open_flags > 0"
    )


def downgrade():
    with op.batch_alter_table('prompts', schema=None) as batch_op:
        batch_op.drop_column('archived_at')
    with op.batch_alter_table('classrooms', schema=None) as batch_op:
        batch_op.drop_column('archived_at')
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_column('reported_at')
    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.drop_column('category')
