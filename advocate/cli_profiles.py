"""`flask --app wsgi advocate recheck | set-webhook | work`: re-checks, webhooks, the worker."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from advocate.domain import AdvocateError
from advocate.services import queue, webhooks
from advocate.store import db
from advocate.store.access_tables import ApiKeyRow
from advocate.store.advice_tables import NotificationRow


@click.command("recheck")
@click.argument("profile_id", required=False)
@click.option("--all", "every", is_flag=True, help="Every profile of every active advisor.")
@click.option("--enqueue", is_flag=True, help="Put the re-checks on the queue (REDIS_URL) "
              "instead of running them here.")
@with_appcontext
def recheck_command(profile_id: str | None, every: bool, enqueue: bool) -> None:
    """Re-run PROFILE_ID's recommendation (or --all) on current offers and notify."""
    if bool(profile_id) == every:
        raise click.UsageError("give a PROFILE_ID or --all (not both)")
    with db.transaction(db.engine()) as session:
        ids = queue.all_profiles(session) if every else [profile_id]
    if enqueue:
        if not current_app.config.get("REDIS_URL"):
            raise click.UsageError("--enqueue needs REDIS_URL (ADVOCATE_REDIS_URL)")
        queue.enqueue_profiles(current_app._get_current_object(), ids)
        click.echo(f"{len(ids)} re-check(s) queued")
        return
    failed = sum(not _recheck(profile_id) for profile_id in ids)
    click.echo(f"{len(ids)} profile(s) re-checked, {failed} failed")
    if failed:
        raise SystemExit(1)


def _recheck(profile_id: str) -> bool:
    notification_id = queue.recheck_now(current_app._get_current_object(), profile_id)
    if notification_id is None:
        click.echo(f"{profile_id}: no such profile", err=True)
        return False
    with db.transaction(db.engine()) as session:
        note = session.get(NotificationRow, notification_id)
        click.echo(f"{profile_id}: {note.kind}: {note.message}")
        return note.kind != "recheck_failed"


@click.command("set-webhook")
@click.argument("key_id", type=int)
@click.argument("url")
@with_appcontext
def set_webhook_command(key_id: int, url: str) -> None:
    """Set advisor KEY_ID's webhook to URL and print its signing secret (shown once)."""
    with db.transaction(db.engine()) as session:
        key = session.get(ApiKeyRow, key_id)
        if key is None or key.role != "advisor" or key.revoked_at is not None:
            raise click.UsageError(f"{key_id} is not an active advisor key")
        try:
            row = webhooks.set_webhook(session, key_id, url, allow_local=bool(
                current_app.config.get("WEBHOOK_ALLOW_LOCAL", False)))
        except AdvocateError as error:
            raise click.UsageError(error.message) from None
        secret = row.secret
    click.echo(f"webhook of key {key_id}: {url}")
    click.echo("signing secret (store it now, it is not shown again):")
    click.echo(secret)


@click.command("work")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@with_appcontext
def work_command(burst: bool) -> None:
    """Run an RQ worker for re-checks and webhook deliveries (needs REDIS_URL)."""
    if not current_app.config.get("REDIS_URL"):
        raise click.UsageError("no queue configured: set ADVOCATE_REDIS_URL")
    queue.work(current_app._get_current_object(), burst=burst)


COMMANDS = (recheck_command, set_webhook_command, work_command)


def register(group: AppGroup) -> None:
    """Add these commands to the `flask advocate` group."""
    for command in COMMANDS:
        group.add_command(command)
