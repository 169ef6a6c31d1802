"""student work shared with colleagues: a copy without names, and the protocol's contributions

Revision ID: f1c6a2b8d3e5
Revises: a6c3e2f18d47
Create Date: 2026-12-06 13:10:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f1c6a2b8d3e5'
down_revision = 'a6c3e2f18d47'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'shared_works',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('presenter_id', sa.Integer(), nullable=False),
        sa.Column('classroom_id', sa.Integer(), nullable=False),
        sa.Column('post_id', sa.Integer(), nullable=True),
        sa.Column('pad_id', sa.Integer(), nullable=True),
        sa.Column('pad_revision', sa.Integer(), nullable=True),
        sa.Column('kind_label', sa.String(length=120), nullable=False),
        sa.Column('question', sa.Text(), nullable=False),
        sa.Column('body_md', sa.Text(), nullable=False),
        sa.Column('body_html', sa.Text(), nullable=False),
        sa.Column('thread', sa.JSON(), nullable=False),
        sa.Column('framing_md', sa.Text(), nullable=False),
        sa.Column('framing_html', sa.Text(), nullable=False),
        sa.Column('people', sa.JSON(), nullable=False),
        sa.Column('step', sa.String(length=16), nullable=False),
        sa.Column('submission_key', sa.String(length=64), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('last_activity_at', sa.DateTime(), nullable=False),
        sa.Column('closed_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['classroom_id'], ['classrooms.id'],
                                name=op.f('fk_shared_works_classroom_id_classrooms')),
        sa.ForeignKeyConstraint(['pad_id'], ['pads.id'],
                                name=op.f('fk_shared_works_pad_id_pads'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['post_id'], ['posts.id'],
                                name=op.f('fk_shared_works_post_id_posts'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['presenter_id'], ['users.id'],
                                name=op.f('fk_shared_works_presenter_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_shared_works')),
        sa.UniqueConstraint('presenter_id', 'submission_key', name=op.f('uq_shared_works_presenter_id')),
    )
    with op.batch_alter_table('shared_works', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shared_works_presenter_id'), ['presenter_id'], unique=False)
        batch_op.create_index('ix_shared_works_open', ['closed_at', 'last_activity_at'], unique=False)

    op.create_table(
        'shared_work_contributions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('shared_work_id', sa.Integer(), nullable=False),
        sa.Column('step', sa.String(length=16), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=False),
        sa.Column('body_md', sa.Text(), nullable=False),
        sa.Column('body_html', sa.Text(), nullable=False),
        sa.Column('submission_key', sa.String(length=64), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'],
                                name=op.f('fk_shared_work_contributions_author_id_users')),
        sa.ForeignKeyConstraint(['shared_work_id'], ['shared_works.id'],
                                name=op.f('fk_shared_work_contributions_shared_work_id_shared_works'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_shared_work_contributions')),
        sa.UniqueConstraint('author_id', 'submission_key', name=op.f('uq_shared_work_contributions_author_id')),
    )
    with op.batch_alter_table('shared_work_contributions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shared_work_contributions_shared_work_id'), ['shared_work_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('shared_work_contributions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shared_work_contributions_shared_work_id'))
    op.drop_table('shared_work_contributions')
    with op.batch_alter_table('shared_works', schema=None) as batch_op:
        batch_op.drop_index('ix_shared_works_open')
        batch_op.drop_index(batch_op.f('ix_shared_works_presenter_id'))
    op.drop_table('shared_works')
