"""families: a family role, invitations a teacher prints, links to students, consent given in the app

Revision ID: f3b8a2c6d915
Revises: f1c6a2b8d3e5
Create Date: 2026-12-06 13:20:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f3b8a2c6d915'
down_revision = 'f1c6a2b8d3e5'
branch_labels = None
depends_on = None

ROLES_BEFORE = "role IN ('student', 'teacher', 'reader', 'admin')"
ROLES_AFTER = "role IN ('student', 'teacher', 'reader', 'family', 'admin')"


def _roles(condition: str) -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_users_role'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_users_role'), condition)


def upgrade():
    _roles(ROLES_AFTER)
    op.create_table(
        'family_invitations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('student_id', sa.Integer(), nullable=False),
        sa.Column('classroom_id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=20), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('retired_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['classroom_id'], ['classrooms.id'],
                                name=op.f('fk_family_invitations_classroom_id_classrooms'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                                name=op.f('fk_family_invitations_created_by_id_users'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['student_id'], ['users.id'],
                                name=op.f('fk_family_invitations_student_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_family_invitations')),
        sa.UniqueConstraint('code', name=op.f('uq_family_invitations_code')),
    )
    with op.batch_alter_table('family_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_family_invitations_classroom_id'), ['classroom_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_family_invitations_student_id'), ['student_id'], unique=False)
    op.create_table(
        'family_links',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('family_id', sa.Integer(), nullable=False),
        sa.Column('student_id', sa.Integer(), nullable=False),
        sa.Column('invitation_id', sa.Integer(), nullable=True),
        sa.Column('relationship', sa.String(length=40), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['family_id'], ['users.id'],
                                name=op.f('fk_family_links_family_id_users'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['invitation_id'], ['family_invitations.id'],
                                name=op.f('fk_family_links_invitation_id_family_invitations'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['student_id'], ['users.id'],
                                name=op.f('fk_family_links_student_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_family_links')),
        sa.UniqueConstraint('family_id', 'student_id', name=op.f('uq_family_links_family_id')),
    )
    with op.batch_alter_table('family_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_family_links_family_id'), ['family_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_family_links_student_id'), ['student_id'], unique=False)
    op.create_table(
        'family_consents',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('student_id', sa.Integer(), nullable=False),
        sa.Column('family_id', sa.Integer(), nullable=True),
        sa.Column('given', sa.Boolean(), nullable=False),
        sa.Column('signature', sa.String(length=120), nullable=False),
        sa.Column('relationship', sa.String(length=40), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['family_id'], ['users.id'],
                                name=op.f('fk_family_consents_family_id_users'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['student_id'], ['users.id'],
                                name=op.f('fk_family_consents_student_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_family_consents')),
    )
    with op.batch_alter_table('family_consents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_family_consents_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_family_consents_student_id'), ['student_id'], unique=False)


def downgrade():
    with op.batch_alter_table('family_consents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_family_consents_student_id'))
        batch_op.drop_index(batch_op.f('ix_family_consents_created_at'))
    op.drop_table('family_consents')
    with op.batch_alter_table('family_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_family_links_student_id'))
        batch_op.drop_index(batch_op.f('ix_family_links_family_id'))
    op.drop_table('family_links')
    with op.batch_alter_table('family_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_family_invitations_student_id'))
        batch_op.drop_index(batch_op.f('ix_family_invitations_classroom_id'))
    op.drop_table('family_invitations')
    op.execute("DELETE FROM users WHERE role = 'family'")
    _roles(ROLES_BEFORE)
