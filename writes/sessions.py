"""Browser sessions ended: a sign-out moves the account's session epoch on.

Why an epoch on the account rather than a list of revoked session ids: the account is read
for every request already (``api.security.principal.AccountCache``), so checking the epoch a
session names against the account's costs nothing more, needs no extra nodes, no clean-up
of expired entries and no second lookup; it survives restarts and reaches every worker
like any account change. The price is that a sign-out ends every browser session of the
account, not only the one signing out ("sign out everywhere"), which is what a user who
signs out on a shared computer wants anyway. Bearer tokens are untouched (they end with
the account version, ``writes.accounts.update_user``).

Signing in and out is not audited (``POST /auth/token`` is not either): the epoch is not
part of what an account is, only of whether its cookies still count.
"""

from __future__ import annotations

from typing import LiteralString

from graph.engine import Engine
from graph.errors import NotFoundError
from queries.users import Account

_END: LiteralString = (
    "MATCH (u:User {username: $username}) "
    "SET u.session_epoch = coalesce(u.session_epoch, 0) + 1 RETURN u"
)


def end_sessions(engine: Engine, username: str) -> Account:
    """End every browser session of ``username`` (one statement: concurrent sign-outs each
    move the epoch on; an account update in between neither undoes nor is undone by it).

    Raises:
        NotFoundError: no such account.
    """
    rows = engine.run(_END, {"username": username})
    if not rows:
        raise NotFoundError(username, "user")
    return Account.from_props(rows[0]["u"])
