"""The node every stored node derives from: a stable business key ``uid``, unique across kinds."""

from neomodel import StringProperty, StructuredNode

from graph.properties import TimestampProperty

UID_MAX_LENGTH = 64

SEARCH_PROPERTY = "search"
"""The derived property holding a searchable node's search tokens (``graph.search_text``).

A class the search box finds declares ``search = StringProperty()`` and names the fields
it is derived from in ``__search_fields__``; the writer fills it in, callers never do."""


class GridNode(StructuredNode):
    """Base of every node: ``uid`` is the stable business key (GraphQL ids derive from it).

    Every stored node carries the ``GridNode`` label besides its own, so a uid of any kind
    is found through one index and is unique across kinds, not only within one label.
    """

    uid = StringProperty(unique_index=True, required=True, max_length=UID_MAX_LENGTH)
    retired_at = TimestampProperty()
    """When the node was retired (``writes.changes``); retired nodes are kept, never deleted."""
    retired_reason = StringProperty(max_length=500)
