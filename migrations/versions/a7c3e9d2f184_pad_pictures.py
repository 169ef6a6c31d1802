"""pad pictures: a picture a student adds beside a pad, moderated on its own

Revision ID: a7c3e9d2f184
Revises: d5e8b3a1c7f4
Create Date: 2026-12-06 13:40:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a7c3e9d2f184'
down_revision = 'd5e8b3a1c7f4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'pad_pictures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('pad_id', sa.Integer(), nullable=False),
        sa.Column('classroom_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=False),
        sa.Column('feedback', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('lock_version', sa.Integer(), nullable=False),
        sa.Column('submitted_at', sa.DateTime(), nullable=True),
        sa.Column('decided_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_pad_pictures_author_id_users')),
        sa.ForeignKeyConstraint(['classroom_id'], ['classrooms.id'],
                                name=op.f('fk_pad_pictures_classroom_id_classrooms')),
        sa.ForeignKeyConstraint(['pad_id'], ['pads.id'], name=op.f('fk_pad_pictures_pad_id_pads')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_pad_pictures')),
    )
    with op.batch_alter_table('pad_pictures', schema=None) as batch_op:
        batch_op.create_index('ix_pad_pictures_queue', ['classroom_id', 'status', 'submitted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_pad_pictures_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pad_pictures_pad_id'), ['pad_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pad_pictures_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_pad_pictures_submitted_at'), ['submitted_at'], unique=False)


def downgrade():
    with op.batch_alter_table('pad_pictures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pad_pictures_submitted_at'))
        batch_op.drop_index(batch_op.f('ix_pad_pictures_status'))
        batch_op.drop_index(batch_op.f('ix_pad_pictures_pad_id'))
        batch_op.drop_index(batch_op.f('ix_pad_pictures_author_id'))
        batch_op.drop_index('ix_pad_pictures_queue')
    op.drop_table('pad_pictures')
