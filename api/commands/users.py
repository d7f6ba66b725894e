"""``redgrid users``: accounts and tokens, run on the server by whoever administers it.

Whoever can run this command can read the data directory, so issuing a token here needs
no password: it is how the first admin gets in.
"""

from __future__ import annotations

import getpass
import json
import secrets
import sys
from datetime import timedelta
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from api.commands.common import State as _State
from api.commands.common import cli_engine as _engine
from api.security.passwords import hash_password
from api.security.tokens import issue, signing_key
from graph.enums import UserRole
from graph.errors import GraphError
from queries.users import find_user, list_users
from writes.accounts import add_user, update_user
from writes.audit import Actor

users = typer.Typer(help="Accounts and access tokens.", no_args_is_help=True)
console = Console()
errors = Console(stderr=True)


def _actor() -> Actor:
    return Actor(f"cli:{getpass.getuser()}")


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


def _fail(exc: GraphError) -> typer.Exit:
    errors.print(f"[red]error:[/red] {exc}", markup=True)
    return typer.Exit(2)


@users.command("add")
def add(
    username: Annotated[str, typer.Argument(help="Login name: a-z 0-9 . _ -")],
    role: Annotated[UserRole, typer.Option(help="What the account may do.")],
    person: Annotated[
        str | None, typer.Option(help="Uid of the person it acts as (heads and members).")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Create an account (asks for its password)."""
    password = _password(password_stdin)
    with _engine() as engine:
        try:
            account = add_user(engine, _actor(), username=username, role=role.value,
                               person=person, password_hash=hash_password(password))  # fmt: skip
        except GraphError as exc:
            raise _fail(exc) from None
    console.print(f"created {account.username} ({account.role})", markup=False)


BOOTSTRAP_ADMIN = "admin"


@users.command("bootstrap")
def bootstrap(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Make the first admin account, `admin`, with a random one-time password, when there is
    no active admin; otherwise do nothing (safe to run on every start)."""
    with _engine() as engine:
        admins = [a for a in list_users(engine) if a.role == UserRole.ADMIN and a.active]
        if admins:
            if as_json:
                print(json.dumps({"created": False, "username": admins[0].username}))
            else:
                console.print(f"nothing to do: {admins[0].username} is an active admin",
                              markup=False)  # fmt: skip
            return
        password = secrets.token_urlsafe(12)
        try:
            add_user(engine, _actor(), username=BOOTSTRAP_ADMIN, role=UserRole.ADMIN.value,
                     password_hash=hash_password(password))  # fmt: skip
        except GraphError as exc:  # an inactive account is named admin: not ours to revive
            errors.print(f"error: no active admin, and {exc}; let one in with "
                         "`redgrid users activate NAME`", markup=False)  # fmt: skip
            raise typer.Exit(2) from None
    if as_json:
        print(json.dumps({"created": True, "username": BOOTSTRAP_ADMIN, "password": password}))
        return
    # plain print: rich would wrap the line at the terminal's width
    print(f"first admin account: {BOOTSTRAP_ADMIN} / {password} — sign in and change it with "
          f"`redgrid users password {BOOTSTRAP_ADMIN}`")  # fmt: skip


@users.command("token")
def token(
    username: Annotated[str, typer.Argument(help="An existing, active account.")],
    hours: Annotated[float, typer.Option(min=0.01, max=24 * 30, help="Validity.")] = 8,
) -> None:
    """Print a signed access token for an account (send it as `Authorization: Bearer …`)."""
    with _engine() as engine:
        account = find_user(engine, username)
    if account is None or not account.active:
        errors.print(f"error: no active account {username!r}")
        raise typer.Exit(2)
    signed, _ = issue(signing_key(_State.settings), account, timedelta(hours=hours))
    print(signed)


@users.command("list")
def list_accounts(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Every account with its role, person and whether it is active."""
    with _engine() as engine:
        accounts = [a.public() for a in list_users(engine)]
    if as_json:
        print(json.dumps(accounts, ensure_ascii=False, indent=2))
        return
    table = Table("username", "role", "person", "active")
    for a in accounts:
        table.add_row(a["username"], a["role"], a["person"] or "", "yes" if a["active"] else "no")
    console.print(table)


@users.command("password")
def password(
    username: Annotated[str, typer.Argument()],
    password_stdin: Annotated[bool, typer.Option("--password-stdin")] = False,
) -> None:
    """Set a new password (the account's tokens stop working)."""
    try:
        digest = hash_password(_password(password_stdin))
    except GraphError as exc:
        raise _fail(exc) from None
    _update(username, password_hash=digest)


@users.command("deactivate")
def deactivate(username: Annotated[str, typer.Argument()]) -> None:
    """Lock an account out at once (its tokens stop working)."""
    _update(username, active=False)


@users.command("activate")
def activate(username: Annotated[str, typer.Argument()]) -> None:
    """Let a deactivated account in again (its earlier tokens stay refused)."""
    _update(username, active=True)


def _update(username: str, **changes: object) -> None:
    with _engine() as engine:
        try:
            update_user(engine, _actor(), username, **changes)  # type: ignore[arg-type]
        except GraphError as exc:
            raise _fail(exc) from None
    console.print(f"updated {username}", markup=False)
