"""Relationship models. Assignments that carry responsibility are temporal (since/until)."""

from neomodel import StringProperty, StructuredRel

from graph.enums import OfficerRole
from graph.properties import TimestampProperty


class Assignment(StructuredRel):
    """A responsibility held from ``since`` until ``until`` (open while ``until`` is null).

    History is never overwritten: a reassignment closes the old relationship by setting
    ``until`` and opens a new one, so accountability can be asked "as of" any date.
    """

    since = TimestampProperty(required=True)
    until = TimestampProperty()


class Dated(StructuredRel):
    """A link that records when it was made (``since``), not a responsibility held: it has no
    ``until`` and is not handed over. A problem reported (RAISED_IN) keeps the instant its
    cell was resolved, by name or from a point (issue 13); links loaded by the seed or a
    ledger carry none. (Membership in a cell, ``BELONGS_TO``, is an :class:`Assignment`: an
    object moves from cell to cell, issue 12.)"""

    since = TimestampProperty()


class OfficerAssignment(Assignment):
    """One of the eight officer roles (八大员) a person holds in a cell."""

    role = StringProperty(required=True, choices=OfficerRole.choices())
