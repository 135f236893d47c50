"""`flask --app wsgi advocate ...`: migrate, refresh, import-files, load-samples, warm-up."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from advocate import kernels, samples
from advocate.cli_profiles import register as register_profile_commands
from advocate.domain.access import Role
from advocate.services import access
from advocate.services.queue import enqueue_rechecks
from advocate.services.refresh import import_files, import_register, refresh
from advocate.store import db
from advocate.store import migrate as migrations
from providers import REGISTRY, get_adapter
from providers.http import make_client

REGISTER_SOURCES = ("cdr_energy",)

group = AppGroup("advocate", help="advocate administration.")
register_profile_commands(group)  # recheck, set-webhook, work


@group.command("migrate")
def migrate_command() -> None:
    """Upgrade the configured database to the newest schema."""
    url = db.database_url(current_app)
    migrations.upgrade(url)
    click.echo(f"database at head: {migrations.redact(url)}")


@group.command("warm-up")
def warm_up_command() -> None:
    """Compile the Numba kernels: the health cost engine, energy block pricing and the
    dominance screen (Numba caches them on disk; the first compilation takes 10-20 s, later
    ones load in well under a second)."""
    for name, seconds in kernels.warm_up().items():
        click.echo(f"{name} compiled or loaded in {seconds:.1f} s")


@group.command("refresh")
@click.argument("source", required=False, type=click.Choice(sorted(REGISTRY)))
def refresh_command(source: str | None) -> None:
    """Fetch offers from one source (or all) and store them with snapshots."""
    failed = False
    for name in [source] if source else sorted(REGISTRY):
        with make_client() as client:
            report = refresh(db.engine(), get_adapter(name), client)
        click.echo(report.summary())
        _recheck_affected(report.changed_offer_ids)
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
    _recheck_affected(report.changed_offer_ids)
    if report.status == "failed":
        raise SystemExit(1)


def _recheck_affected(changed_offer_ids: list[str]) -> None:
    """Re-check the client profiles a change of offers affects (queued on Redis when
    ADVOCATE_REDIS_URL is set, inline otherwise)."""
    if changed_offer_ids:
        count = enqueue_rechecks(current_app._get_current_object(), changed_offer_ids)
        if count:
            click.echo(f"{count} client profile(s) re-checked or queued")


@group.command("load-samples")
@click.option("--if-empty", is_flag=True, help="Only when no offer is stored yet.")
def load_samples_command(if_empty: bool) -> None:
    """Import the bundled real sample data (see advocate/samples.py)."""
    with db.transaction(db.engine()) as session:
        access.upsert_partner(session, **samples.DEMO_PARTNER)  # idempotent
    click.echo("partner demo: the widget is at /embed/demo")
    if if_empty and samples.has_offers(db.engine()):
        click.echo("offers already stored; samples not loaded")
        return
    for source, paths in samples.sample_files(current_app.root_path).items():
        report = import_files(db.engine(), get_adapter(source), paths)
        click.echo(report.summary())
    for source, path in samples.sample_registers(current_app.root_path).items():
        count = import_register(db.engine(), get_adapter(source), path)
        click.echo(f"{source}: register of {count} brands")


@group.command("import-register")
@click.argument("source", type=click.Choice(sorted(REGISTER_SOURCES)))
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_register_command(source: str, path: Path) -> None:
    """Import a saved register listing (the CDR Register brand summary JSON) for SOURCE."""
    count = import_register(db.engine(), get_adapter(source), path)
    click.echo(f"{source}: register of {count} brands")


@group.command("create-key")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--name", required=True, help="Who holds the key (an advisor, a partner site).")
@click.option("--partner", "partner_id", help="The partner id, for --role partner.")
def create_key_command(role: str, name: str, partner_id: str | None) -> None:
    """Create an API key and print it once; only its hash is stored."""
    with db.transaction(db.engine()) as session:
        key = access.create_key(session, role=role, name=name, partner_id=partner_id)
    click.echo(f"key id {key.id} ({key.role}, {key.name}); store it now, it is not shown again:")
    click.echo(key.secret)


@group.command("list-keys")
def list_keys_command() -> None:
    """List API keys (id, role, name, prefix, revoked)."""
    with db.transaction(db.engine()) as session:
        for row in access.list_keys(session):
            state = f"revoked {row.revoked_at:%Y-%m-%d}" if row.revoked_at else "active"
            click.echo(f"{row.id}\t{row.role}\t{row.name}\t{row.key_prefix}...\t{state}")


@group.command("revoke-key")
@click.argument("key_id", type=int)
def revoke_key_command(key_id: int) -> None:
    """Revoke an API key by id."""
    with db.transaction(db.engine()) as session:
        access.revoke_key(session, key_id)
    click.echo(f"key {key_id} revoked")


@group.command("add-partner")
@click.argument("partner_id")
@click.option("--name", required=True)
@click.option("--brand", "brands", multiple=True, help="One of the partner's own brands.")
@click.option("--origin", "origins", multiple=True, help="An origin allowed to frame the widget.")
def add_partner_command(partner_id: str, name: str, brands: tuple[str, ...],
                        origins: tuple[str, ...]) -> None:
    """Create or update a partner (own brands are marked in answers, never favoured)."""
    with db.transaction(db.engine()) as session:
        access.upsert_partner(session, partner_id=partner_id, name=name, brands=list(brands),
                              origins=list(origins))
    click.echo(f"partner {partner_id} saved")


def init_app(app: Flask) -> None:
    """Attach the command group."""
    app.cli.add_command(group)
