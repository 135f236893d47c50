"""`flask --app wsgi advocate ...`: migrate, refresh, import-files, load-samples."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from advocate import samples
from advocate.services.refresh import import_files, refresh
from advocate.store import db, migrate as migrations
from providers import REGISTRY, get_adapter
from providers.http import make_client

group = AppGroup("advocate", help="advocate administration.")


@group.command("migrate")
def migrate_command() -> None:
    """Upgrade the configured database to the newest schema."""
    url = db.database_url(current_app)
    migrations.upgrade(url)
    click.echo(f"database at head: {migrations.redact(url)}")


@group.command("refresh")
@click.argument("source", required=False, type=click.Choice(sorted(REGISTRY)))
def refresh_command(source: str | None) -> None:
    """Fetch offers from one source (or all) and store them with snapshots."""
    failed = False
    for name in [source] if source else sorted(REGISTRY):
        with make_client() as client:
            report = refresh(db.engine(), get_adapter(name), client)
        click.echo(report.summary())
        failed |= report.status == "failed"
    if failed:
        raise SystemExit(1)


@group.command("import-files")
@click.argument("source", type=click.Choice(sorted(REGISTRY)))
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_files_command(source: str, paths: tuple[Path, ...]) -> None:
    """Import payload files saved on disk (plan JSON, landscape CSV/XLSX) for SOURCE."""
    report = import_files(db.engine(), get_adapter(source), paths)
    click.echo(report.summary())
    if report.status == "failed":
        raise SystemExit(1)


@group.command("load-samples")
@click.option("--if-empty", is_flag=True, help="Only when no offer is stored yet.")
def load_samples_command(if_empty: bool) -> None:
    """Import the bundled real sample data (see advocate/samples.py)."""
    if if_empty and samples.has_offers(db.engine()):
        click.echo("offers already stored; samples not loaded")
        return
    for source, paths in samples.sample_files(current_app.root_path).items():
        report = import_files(db.engine(), get_adapter(source), paths)
        click.echo(report.summary())


def init_app(app: Flask) -> None:
    """Attach the command group."""
    app.cli.add_command(group)
