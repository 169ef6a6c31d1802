"""portfolios: pieces of published work with reflections, goals for the year, the class's tags

Revision ID: d5e8b3a1c7f4
Revises: c8d1e5f3a9b6
Create Date: 2026-12-06 12:55:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd5e8b3a1c7f4'
down_revision = 'c8d1e5f3a9b6'
branch_labels = None
depends_on = None


def _reflective():
    """The columns a moderated reflection carries (portfolio pieces and goals alike)."""
    return [
        sa.Column('findings', sa.JSON(), nullable=False),
        sa.Column('posted_anyway', sa.Boolean(), nullable=False),
        sa.Column('feedback', sa.Text(), nullable=False),
        sa.Column('feedback_norm', sa.String(length=200), nullable=False),
        sa.Column('published_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('school_year', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('lock_version', sa.Integer(), nullable=False),
        sa.Column('submitted_at', sa.DateTime(), nullable=True),
        sa.Column('decided_at', sa.DateTime(), nullable=True),
    ]


def _moderated_indexes(table):
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.create_index(f'ix_{table}_queue', ['classroom_id', 'status', 'submitted_at'], unique=False)
        batch_op.create_index(batch_op.f(f'ix_{table}_school_year'), ['school_year'], unique=False)
        batch_op.create_index(batch_op.f(f'ix_{table}_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f(f'ix_{table}_student_id'), ['student_id'], unique=False)
        batch_op.create_index(batch_op.f(f'ix_{table}_submitted_at'), ['submitted_at'], unique=False)


def upgrade():
    op.create_table(
        'portfolio_goals',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('student_id', sa.Integer(), nullable=False),
        sa.Column('classroom_id', sa.Integer(), nullable=False),
        sa.Column('goal', sa.String(length=300), nullable=False),
        sa.Column('reflection_md', sa.Text(), nullable=False),
        sa.Column('reflection_html', sa.Text(), nullable=False),
        *_reflective(),
        sa.ForeignKeyConstraint(['classroom_id'], ['classrooms.id'],
                                name=op.f('fk_portfolio_goals_classroom_id_classrooms')),
        sa.ForeignKeyConstraint(['student_id'], ['users.id'], name=op.f('fk_portfolio_goals_student_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_portfolio_goals')),
    )
    _moderated_indexes('portfolio_goals')

    op.create_table(
        'portfolio_tags',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('classroom_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['classroom_id'], ['classrooms.id'],
                                name=op.f('fk_portfolio_tags_classroom_id_classrooms')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_portfolio_tags')),
        sa.UniqueConstraint('classroom_id', 'name', name='uq_portfolio_tags_classroom_name'),
    )
    with op.batch_alter_table('portfolio_tags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_portfolio_tags_classroom_id'), ['classroom_id'], unique=False)

    op.create_table(
        'portfolio_pieces',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('student_id', sa.Integer(), nullable=False),
        sa.Column('classroom_id', sa.Integer(), nullable=False),
        sa.Column('source', sa.String(length=16), nullable=False),
        sa.Column('post_id', sa.Integer(), nullable=True),
        sa.Column('pad_id', sa.Integer(), nullable=True),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('work_md', sa.Text(), nullable=False),
        sa.Column('work_html', sa.Text(), nullable=False),
        sa.Column('why_md', sa.Text(), nullable=False),
        sa.Column('why_html', sa.Text(), nullable=False),
        sa.Column('learned_md', sa.Text(), nullable=False),
        sa.Column('learned_html', sa.Text(), nullable=False),
        sa.Column('next_md', sa.Text(), nullable=False),
        sa.Column('next_html', sa.Text(), nullable=False),
        sa.Column('work_date', sa.DateTime(), nullable=True),
        sa.Column('origin', sa.String(length=300), nullable=False),
        *_reflective(),
        sa.CheckConstraint("source IN ('post', 'pad', 'archived')", name=op.f('ck_portfolio_pieces_source')),
        sa.ForeignKeyConstraint(['classroom_id'], ['classrooms.id'],
                                name=op.f('fk_portfolio_pieces_classroom_id_classrooms')),
        sa.ForeignKeyConstraint(['pad_id'], ['pads.id'], name=op.f('fk_portfolio_pieces_pad_id_pads')),
        sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_portfolio_pieces_post_id_posts')),
        sa.ForeignKeyConstraint(['student_id'], ['users.id'], name=op.f('fk_portfolio_pieces_student_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_portfolio_pieces')),
        sa.UniqueConstraint('student_id', 'pad_id', name='uq_portfolio_pieces_student_pad'),
        sa.UniqueConstraint('student_id', 'post_id', name='uq_portfolio_pieces_student_post'),
    )
    _moderated_indexes('portfolio_pieces')

    op.create_table(
        'portfolio_piece_tags',
        sa.Column('piece_id', sa.Integer(), nullable=False),
        sa.Column('tag_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['piece_id'], ['portfolio_pieces.id'],
                                name=op.f('fk_portfolio_piece_tags_piece_id_portfolio_pieces'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['tag_id'], ['portfolio_tags.id'],
                                name=op.f('fk_portfolio_piece_tags_tag_id_portfolio_tags'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('piece_id', 'tag_id', name=op.f('pk_portfolio_piece_tags')),
    )
    with op.batch_alter_table('portfolio_piece_tags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_portfolio_piece_tags_tag_id'), ['tag_id'], unique=False)


def downgrade():
    with op.batch_alter_table('portfolio_piece_tags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_portfolio_piece_tags_tag_id'))
    op.drop_table('portfolio_piece_tags')
    for table in ('portfolio_pieces', 'portfolio_goals'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_submitted_at'))
            batch_op.drop_index(batch_op.f(f'ix_{table}_student_id'))
            batch_op.drop_index(batch_op.f(f'ix_{table}_status'))
            batch_op.drop_index(batch_op.f(f'ix_{table}_school_year'))
            batch_op.drop_index(f'ix_{table}_queue')
        if table == 'portfolio_pieces':
            op.drop_table('portfolio_pieces')
            with op.batch_alter_table('portfolio_tags', schema=None) as batch_op:
                batch_op.drop_index(batch_op.f('ix_portfolio_tags_classroom_id'))
            op.drop_table('portfolio_tags')
    op.drop_table('portfolio_goals')
