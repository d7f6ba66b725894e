"""The GraphQL requests the HTTP benchmark sends: kept here, in one place."""

from __future__ import annotations

TRACE = """query Trace($uid: String!) {
  trace(uid: $uid) {
    uid kind name asOf complete
    chain { role uid name level via source since until }
    officers { roleZh holder { uid name } }
    duties { uid title via assignee { uid name } missing }
    standards { code title guidanceCode via }
    gaps { code message uid }
  }
}"""
"""The investigator's trace (docs/api.md), every part, one random object per request."""

TRACE_CHAIN = """query TraceChain($uid: String!) {
  trace(uid: $uid) {
    uid kind name
    chain { role uid name level since until }
  }
}"""
"""The chain alone (who answers for this object, up to the level-2 head): what a console
list or a tooltip asks, and what the trace's cost should shrink to."""

CELLS_PAGE = """query CellsPage {
  cells(first: 50) {
    totalCount
    edges { node { uid name head { uid name } officers { role person { uid name } } } }
  }
}"""
"""A nested list: a page of 50 cells with their heads and officers."""

LOCATE = """query Locate {
  locate(lon: 124.95, lat: 46.475) { ambiguous cell { uid name } candidates { uid inside edgeM } }
}"""
"""``locate`` at the middle of the seeded territory (issue 13): the cell at a point, as a map
click or a field report asks (``bench.spatial --http`` times it at random points)."""

FLOOR = "{ __typename }"
"""The HTTP floor: a request that reaches GraphQL and asks nothing of the engine."""

QUERIES = {
    "floor": FLOOR,
    "trace": TRACE,
    "trace_chain": TRACE_CHAIN,
    "cells_page": CELLS_PAGE,
    "locate": LOCATE,
}
TRACE_QUERIES = frozenset({"trace", "trace_chain"})
"""The queries that take one traced uid per request (``$uid``)."""
