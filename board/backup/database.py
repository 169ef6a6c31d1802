"""Back up and restore the whole database: SQLite's online backup, PostgreSQL's pg_dump and pg_restore."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
#: Alembic's bookkeeping; a database with only this table filled is still empty
VERSION_TABLE = "alembic_version"


class BackupError(RuntimeError):
    """A backup or restore that cannot be done safely; the message says what to do."""


def backup(engine: Engine, path: Path) -> str:
    """Write a consistent copy of the database to a new file; return how it was made."""
    if path.exists():
        raise BackupError(f"{path} already exists: choose a new file, so no backup is overwritten.")
    partial = path.with_name(path.name + ".partial")
    try:
        how = _backup_sqlite(engine.url, partial) if _is_sqlite(engine) else _pg_dump(engine.url, partial)
        partial.rename(path)
    finally:
        partial.unlink(missing_ok=True)
    return how


def restore(engine: Engine, path: Path, force: bool = False) -> str:
    """Put a backup into the database; refuse one that holds data unless forced. Return what was done."""
    if not path.is_file():
        raise BackupError(f"{path} is not a file.")
    with path.open("rb") as file:
        head = file.read(16)
    kinds = {SQLITE_MAGIC: "sqlite", PG_DUMP_MAGIC: "postgresql"}
    kind = next((name for magic, name in kinds.items() if head.startswith(magic)), None)
    if kind is None:
        raise BackupError(f"{path} is not a Commons backup (not a SQLite database, not a pg_dump archive).")
    here = "sqlite" if _is_sqlite(engine) else "postgresql"
    if kind != here:
        raise BackupError(f"{path} is a {kind} backup and this database is {here}: restore it into {kind}.")
    held = rows_held(engine)
    if held and not force:
        tables = ", ".join(f"{table} ({rows} row{'' if rows == 1 else 's'})"
                           for table, rows in sorted(held.items()))
        raise BackupError(f"The database is not empty: {tables}. Restore into an empty database, or pass "
                          "--force to replace everything in it with the backup.")
    # Tables with no rows (a database made by `db upgrade`) still have to make way for the backup's.
    has_tables = bool(sa.inspect(engine).get_table_names())
    # No pooled connection may outlive the swap and see half of each.
    engine.dispose()
    return _restore_sqlite(engine.url, path) if kind == "sqlite" else _pg_restore(engine.url, path, has_tables)


def rows_held(engine: Engine) -> dict[str, int]:
    """Count the rows of every table that holds any (Alembic's version table aside)."""
    held = {}
    with engine.connect() as connection:
        for table in sa.inspect(connection).get_table_names():
            if table == VERSION_TABLE:
                continue
            rows = connection.execute(sa.select(sa.func.count()).select_from(sa.table(table))).scalar()
            if rows:
                held[table] = rows
    return held


def _is_sqlite(engine: Engine) -> bool:
    return engine.url.get_backend_name() == "sqlite"


def _sqlite_path(url: URL) -> str:
    if not url.database or url.database == ":memory:":
        raise BackupError("The database lives in memory only: there is no file to back up or restore.")
    return url.database


def _backup_sqlite(url: URL, target: Path) -> str:
    """Copy with SQLite's online backup API: consistent while the app keeps writing."""
    source = sqlite3.connect(_sqlite_path(url))
    copy = sqlite3.connect(target)
    try:
        with copy:
            source.backup(copy)
    finally:
        copy.close()
        source.close()
    return f"SQLite online backup of {url.database}"


def _restore_sqlite(url: URL, backup_file: Path) -> str:
    source = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
    target = sqlite3.connect(_sqlite_path(url))
    try:
        with target:
            source.backup(target)
    finally:
        target.close()
        source.close()
    return f"restored {url.database} from the SQLite backup {backup_file}"


def _pg_tool(name: str) -> str:
    tool = shutil.which(name)
    if tool is None:
        raise BackupError(f"{name} is not on PATH: install PostgreSQL's client tools "
                          "(Debian: apt-get install postgresql-client) at the server's version or newer.")
    return tool


def _pg_env(url: URL) -> dict[str, str]:
    """Connection settings for libpq's tools, passed in the environment so no password shows in ps."""
    env = dict(os.environ)
    settings = {"PGHOST": url.host, "PGPORT": url.port, "PGUSER": url.username, "PGPASSWORD": url.password,
                "PGDATABASE": url.database, "PGOPTIONS": url.query.get("options")}
    for key, value in settings.items():
        if value is not None:
            env[key] = str(value)
    return env


def _run(args: list[str], url: URL) -> None:
    done = subprocess.run(args, env=_pg_env(url), capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {done.stderr.strip() or done.stdout.strip()}")


def _pg_dump(url: URL, target: Path) -> str:
    """Dump with pg_dump's custom format: one consistent snapshot, taken while the app runs."""
    _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(target)], url)
    return f"pg_dump (custom format) of the PostgreSQL database {url.database}"


def _pg_restore(url: URL, backup_file: Path, clean: bool) -> str:
    """Restore in one transaction: a failure leaves the database as it was."""
    args = [_pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
            "--dbname", url.database or ""]
    if clean:
        args += ["--clean", "--if-exists"]
    _run(args + [str(backup_file)], url)
    return f"restored the PostgreSQL database {url.database} with pg_restore from {backup_file}"
