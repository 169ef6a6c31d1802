"""pad update ids are never reused

SQLite hands out max(id) + 1, so once a compaction had emptied pad_updates, new updates got
ids below the last snapshot's and were skipped when a pad was loaded again. AUTOINCREMENT
keeps ids growing; the counter starts above every id a snapshot or revision has recorded.
PostgreSQL's sequences never reuse ids: nothing to do there.

Revision ID: 7c3e5a9b2d41
Revises: 1a8f2dfd2e0c
Create Date: 2026-12-01 19:40:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '7c3e5a9b2d41'
down_revision = '1a8f2dfd2e0c'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table("pad_updates", recreate="always", table_kwargs={"sqlite_autoincrement": True}):
        pass
    highest = ("MAX((SELECT COALESCE(MAX(id), 0) FROM pad_updates), "
               "(SELECT COALESCE(MAX(upto_update_id), 0) FROM pad_snapshots), "
               "(SELECT COALESCE(MAX(upto_update_id), 0) FROM pad_revisions))")
    op.execute("DELETE FROM sqlite_sequence WHERE name = 'pad_updates'")
    op.execute(f"INSERT INTO sqlite_sequence (name, seq) VALUES ('pad_updates', {highest})")


def downgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table("pad_updates", recreate="always", table_kwargs={"sqlite_autoincrement": False}):
        pass
