"""Commands: backup, restore, export."""
from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import click
from sqlalchemy import select

from board.backup import archive, database, pictures
from board.backup.pages import render_pages
from board.classes.models import Classroom
from board.extensions import db
from board.media.models import Image
from board.media.storage import storage


def write_export(out: Path, classrooms: list[Classroom], whole_school: bool) -> dict:
    """Write the archive: data.json and the pages, into a zip made beside `out` and moved into place."""
    data = archive.gather(classrooms, whole_school)
    pages = render_pages(data)
    partial = out.with_name(out.name + ".partial")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive_file:
            archive_file.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True))
            for path, html in pages.items():
                archive_file.writestr(path, html)
            store = storage()
            for post in data["posts"]:
                for picture in post["pictures"]:
                    image = db.session.get(Image, picture["id"])
                    body = store.get(f"{image.storage_key}.webp") if image is not None else None
                    if body is not None:
                        archive_file.writestr(picture["file"], body)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return data


def register(app) -> None:
    @app.cli.command("backup")
    @click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
    def backup_command(path: Path):
        """Write a consistent backup of the whole database to a new file (and the pictures beside it), while
        the app runs."""
        try:
            pictures.check_free(path)
            how = database.backup(db.engine, path)
            kept = pictures.back_up(path)
        except (database.BackupError, pictures.PicturesError) as problem:
            raise click.ClickException(str(problem)) from None
        click.echo(f"Backed up to {path} ({path.stat().st_size:,} bytes): {how}; {kept}.")

    @app.cli.command("restore")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--force", is_flag=True, help="Replace a database that already holds data.")
    def restore_command(path: Path, force: bool):
        """Restore a backup into an empty database, and its pictures (stop the app first)."""
        db.session.remove()
        try:
            done = database.restore(db.engine, path, force=force)
            put_back = pictures.restore(path)
        except (database.BackupError, pictures.PicturesError) as problem:
            raise click.ClickException(str(problem)) from None
        click.echo(f"Done: {done}; {put_back}. Run `flask --app app db upgrade` if this version of Commons is newer.")

    @app.cli.command("export")
    @click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
    @click.option("--class", "class_id", type=int, help="Export this class (its id is in its address).")
    @click.option("--school", is_flag=True, help="Export every class and every account, with emails.")
    @click.option("--force", is_flag=True, help="Overwrite OUT if it exists.")
    def export_command(out: Path, class_id: int | None, school: bool, force: bool):
        """Write a class or the whole school to a zip: data.json and pages that open offline."""
        if (class_id is None) == (not school):
            raise click.UsageError("Say what to export: --class ID or --school.")
        if out.exists() and not force:
            raise click.ClickException(f"{out} already exists (--force overwrites it).")
        if school:
            classrooms = list(db.session.scalars(select(Classroom).order_by(Classroom.id)))
        else:
            classroom = db.session.get(Classroom, class_id)
            if classroom is None:
                raise click.ClickException(f"There is no class {class_id}.")
            classrooms = [classroom]
        data = write_export(out, classrooms, school)
        click.echo(f"Exported {len(data['classes'])} class(es), {len(data['prompts'])} prompt(s), "
                   f"{len(data['posts'])} post(s), {len(data['pads'])} pad(s) and {len(data['people'])} "
                   f"people to {out}" + (" (with logins and emails)." if school else " (without logins or emails)."))
