"""pad reminders: a norms reminder may be one shown in a pad as its writer typed

Revision ID: b7e2d4f9a1c3
Revises: f3b8a2c6d915
Create Date: 2026-12-06 12:50:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b7e2d4f9a1c3'
down_revision = 'f3b8a2c6d915'
branch_labels = None
depends_on = None


def upgrade():
    # The composer's reminders stay as they are: pad_id None.
    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pad_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_reminders_pad_id'), ['pad_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_reminders_pad_id_pads'), 'pads', ['pad_id'], ['id'],
                                    ondelete='CASCADE')


def downgrade():
    op.execute("DELETE FROM reminders WHERE pad_id IS NOT NULL")
    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_reminders_pad_id_pads'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_reminders_pad_id'))
        batch_op.drop_column('pad_id')
