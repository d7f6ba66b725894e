"""Report types as views of the query results (``api.graphql.views``), entity scalar fields
from the schema of record (``entity_type``), and the entities that report rows point at,
loaded through the reach-applying loaders."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import strawberry
from fastapi.testclient import TestClient
from graphql import GraphQLNonNull, GraphQLObjectType

from api.app import create_app
from api.graphql.entities import ENTITY_TYPES, Entity
from api.graphql.entities.base import entity_type
from api.graphql.schema import build_schema
from api.graphql.views import shown, view
from api.settings import Settings
from graph import model
from graph.falkordb_engine import FalkorDBEngine
from graph.model.base import SEARCH_PROPERTY
from queries.views import Gap, Holder
from tests.api.graphql_client import data, sign_in

# --- the mechanisms, without a database ------------------------------------------------------


def test_a_view_naming_an_attribute_its_result_lacks_is_refused_at_import() -> None:
    with pytest.raises(TypeError, match="HolderView views Holder, which has no nmae"):

        @view(Holder, description="x")
        class HolderView:
            nmae: str = strawberry.field(description="A typo.")


def test_shown_refuses_a_result_of_another_class() -> None:
    @view(Holder, description="x")
    class HolderView:
        uid: str = strawberry.field(description="uid")

    holder = Holder("p-1", "王")
    assert shown(HolderView, holder) is holder
    with pytest.raises(TypeError, match="HolderView shows Holder"):
        shown(HolderView, Gap("code", "message"))


def test_entity_type_wants_every_property_described_and_no_other() -> None:
    with pytest.raises(TypeError, match="describe scope, signed_on"):

        @entity_type(model.Agreement, "x", title="Title.")
        class Undescribed(Entity):
            pass

    with pytest.raises(TypeError, match="Agreement has no colour"):

        @entity_type(model.Agreement, "x", title="T", signed_on="S", scope="S", colour="C")
        class Overdescribed(Entity):
            pass


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


@pytest.mark.parametrize("label", sorted(ENTITY_TYPES))
def test_entity_scalar_fields_are_the_schema_of_record(label: str) -> None:
    schema = build_schema(Settings())._schema
    graphql_type = schema.get_type(label)
    assert isinstance(graphql_type, GraphQLObjectType)
    node_class = getattr(model, label)
    inherited = set(model.GridNode.defined_properties(aliases=False, rels=False))
    for name, prop in node_class.defined_properties(aliases=False, rels=False).items():
        if name in inherited or name == SEARCH_PROPERTY:
            continue
        field = graphql_type.fields[_camel(name)]
        assert isinstance(field.type, GraphQLNonNull) == bool(prop.required), name
        if getattr(prop, "choices", None):
            assert _camel(f"{name}_zh") in graphql_type.fields, name


# --- entities behind report rows, through the loaders -----------------------------------------

TRACE = """
query($uid: String!) {
  trace(uid: $uid) {
    subject { uid }
    chain { role uid name node { uid ... on Person { name employeeNo } } }
    officers { role roleZh holder { uid person { uid } } }
    duties { uid duty { uid title } assignee { uid person { uid } } }
    standards { uid standard { uid code } }
  }
}
"""


@pytest.fixture(scope="module")
def app(seeded: FalkorDBEngine) -> Any:
    return create_app(Settings(), engine=seeded)


@pytest.fixture(scope="module")
def owned(seeded: FalkorDBEngine) -> dict[str, str]:
    """A device, its current owner, and the head of its level-4 net (not the owner)."""
    rows = seeded.run(
        "MATCH (e:Equipment)-[o:OWNED_BY]->(p:Person) WHERE o.until IS NULL "
        "MATCH (e)-[:BELONGS_TO]->(:Cell)-[:PART_OF]->(:Net)<-[h:HEAD_OF]-(head:Person) "
        "WHERE h.until IS NULL AND head.uid <> p.uid "
        "RETURN e.uid AS equipment, p.uid AS owner, head.uid AS head ORDER BY e.uid LIMIT 1",
        {},
        readonly=True,
    )
    return dict(rows[0])


@pytest.fixture
def client(app: Any, seeded: FalkorDBEngine) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


def test_trace_rows_point_at_their_entities(
    client: TestClient, seeded: FalkorDBEngine, owned: dict[str, str]
) -> None:
    sign_in(client, seeded)
    trace = data(client, TRACE, {"uid": owned["equipment"]})["trace"]
    assert trace["subject"] == {"uid": owned["equipment"]}
    for link in trace["chain"]:
        assert link["node"]["uid"] == link["uid"]
        if link["role"].endswith(("owner", "head", "lead")):
            assert link["node"]["name"] == link["name"]
    assert trace["officers"] and all(
        o["holder"]["person"] == {"uid": o["holder"]["uid"]} for o in trace["officers"]
    )
    assert all(d["duty"]["uid"] == d["uid"] for d in trace["duties"])
    assert trace["standards"] and all(s["standard"]["uid"] == s["uid"] for s in trace["standards"])


def test_entities_outside_the_readers_reach_are_null_and_the_flat_fields_stay(
    client: TestClient, seeded: FalkorDBEngine, owned: dict[str, str]
) -> None:
    sign_in(client, seeded, role="member", person=owned["owner"])
    chain = data(client, TRACE, {"uid": owned["equipment"]})["trace"]["chain"]
    owner = next(link for link in chain if link["role"] == "owner")
    assert owner["node"]["uid"] == owned["owner"]
    head = next(link for link in chain if link["uid"] == owned["head"])
    assert head["name"] and head["node"] is None


def test_tree_and_analytics_rows_point_at_their_entities(
    client: TestClient, seeded: FalkorDBEngine, owned: dict[str, str]
) -> None:
    sign_in(client, seeded)
    cell = seeded.run(
        "MATCH (:Equipment {uid: $uid})-[:BELONGS_TO]->(c:Cell) RETURN c.uid AS uid",
        {"uid": owned["equipment"]},
        readonly=True,
    )[0]["uid"]
    tree = data(
        client,
        """query($uid: String!) { businessTree(uid: $uid) {
          subject { uid node { uid } }
          trunk { chain { uid net { uid } heads { uid person { uid } } } }
          leaves { roles { role roleZh dutyCount officers { uid person { uid } }
                           duties { uid missingZh duty { uid } } } } } }""",
        {"uid": cell},
    )["businessTree"]
    assert tree["subject"]["node"] == {"uid": cell}
    assert all(n["net"] == {"uid": n["uid"]} for n in tree["trunk"]["chain"])
    officers = [o for leaf in tree["leaves"]["roles"] for o in leaf["officers"]]
    assert officers and all(o["person"] == {"uid": o["uid"]} for o in officers)
    report = data(
        client,
        "{ analytics(top: 3) { singlePointsOfFailure { uid person { uid } }"
        " workload { top { uid person { uid } } } } }",
    )["analytics"]
    rows = report["singlePointsOfFailure"] + report["workload"]["top"]
    assert rows and all(r["person"] == {"uid": r["uid"]} for r in rows)
