"""Who may use RedGrid, and the append-only record of every change they made.

Both live in the graph beside what they guard: a change and its audit entry are written
by one statement, so neither exists without the other (decision 0005).
"""

from neomodel import BooleanProperty, IntegerProperty, StringProperty

from graph.enums import UserRole
from graph.model.base import GridNode
from graph.properties import TimestampProperty


class User(GridNode):
    """An account: a role, optionally the person it acts as (heads and members), and a
    password hash (argon2). Never exposed with its hash.

    ``account_version`` moves on with every password change, (de)activation and role
    change; a token names the version it was issued for and stops working once it moves
    on. Accounts stored before it existed count as version 0.

    ``session_epoch`` moves on with every sign-out of a browser session: a session names the
    epoch it was signed in at and stops working once it moves on (``writes.sessions``)."""

    username = StringProperty(required=True, unique_index=True, max_length=64)
    role = StringProperty(required=True, choices=UserRole.choices())
    person = StringProperty(max_length=64, index=True)
    password_hash = StringProperty(required=True, max_length=512)
    active = BooleanProperty(required=True)
    created_at = TimestampProperty(required=True)
    account_version = IntegerProperty(default=0)
    session_epoch = IntegerProperty(default=0)


class AuditEntry(GridNode):
    """One change: who (``actor``), when (``at``), in which request, what operation on which
    node, and the values before and after (JSON objects of the changed fields).

    Entries are only ever created, together with the change they record; nothing in the
    API updates or deletes them."""

    at = TimestampProperty(required=True, index=True)
    actor = StringProperty(required=True, max_length=64, index=True)
    request_id = StringProperty(max_length=64)
    operation = StringProperty(required=True, max_length=64)
    target = StringProperty(required=True, max_length=64, index=True)
    target_kind = StringProperty(required=True, max_length=64)
    before = StringProperty()
    after = StringProperty()
