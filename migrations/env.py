"""Alembic environment: migrate the database of the Flask app that runs the command."""
import logging
import os
from logging.config import fileConfig

import sqlalchemy as sa
from alembic import context
from alembic.util import CommandError
from flask import current_app

config = context.config
if config.config_file_name:
    # Keep the app's own loggers: Alembic's file config would otherwise switch them off.
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db
config.set_main_option(
    "sqlalchemy.url", target_db.engine.url.render_as_string(hide_password=False).replace("%", "%%")
)


def run_migrations_offline():
    """Emit SQL for the migrations without connecting."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"), target_metadata=target_db.metadata, literal_binds=True
    )
    with context.begin_transaction():
        context.run_migrations()


_YES = ("1", "true", "yes")


def data_loss_allowed():
    """Tell whether the operator said a downgrade may drop data (environment or -x)."""
    told = context.get_x_argument(as_dictionary=True).get("allow-data-loss", "")
    return os.environ.get("BOARD_ALLOW_DATA_LOSS", "").lower() in _YES or told.lower() in _YES


def refuse_data_loss(connection, migration_context):
    """Stop a downgrade of a database that holds rows: downgrades drop tables and columns."""
    # Alembic has no public way to ask a command's direction: its downgrade command passes a
    # function named "downgrade" that lists the steps to take (and does nothing else).
    steps_of = migration_context._migrations_fn
    if getattr(steps_of, "__name__", "") != "downgrade" or data_loss_allowed():
        return
    if not list(steps_of(migration_context.get_current_heads(), migration_context)):
        return
    inspector = sa.inspect(connection)
    counts = {}
    for table in inspector.get_table_names():
        if table != migration_context.version_table:
            rows = connection.execute(sa.select(sa.func.count()).select_from(sa.table(table))).scalar()
            if rows:
                counts[table] = rows
    if counts:
        held = ", ".join(f"{table} ({rows} row{'' if rows == 1 else 's'})"
                         for table, rows in sorted(counts.items()))
        raise CommandError(
            "Refusing to downgrade: a downgrade drops tables and columns, and this database holds data "
            f"in {held}. Back it up first (flask --app app backup PATH); then, to drop that data, run "
            "again with BOARD_ALLOW_DATA_LOSS=1 or `flask --app app db downgrade -x allow-data-loss=1`."
        )


def run_migrations_online():
    """Run the migrations on the app's engine."""

    def process_revision_directives(context, revision, directives):
        # An autogenerate that finds no change writes no empty revision.
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")

    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", process_revision_directives)
    with target_db.engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_db.metadata, **conf_args)
        try:
            refuse_data_loss(connection, context.get_context())
        finally:
            connection.rollback()  # the check only read; the migrations start their own transaction
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
