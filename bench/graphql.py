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
"""The investigator's trace (docs/api.md), one random object per request."""

CELLS_PAGE = """query CellsPage {
  cells(first: 50) {
    totalCount
    edges { node { uid name head { uid name } officers { role person { uid name } } } }
  }
}"""
"""A nested list: a page of 50 cells with their heads and officers."""

QUERIES = {"trace": TRACE, "cells_page": CELLS_PAGE}
