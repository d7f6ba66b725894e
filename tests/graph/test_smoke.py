from graph.bulk import BulkEngine
from graph.engine import Engine
from graph.falkordb_engine import FalkorDBEngine


def test_fresh_graph_is_empty_and_joins_the_shared_server(engine: FalkorDBEngine) -> None:
    assert engine.run("MATCH (n) RETURN count(n) AS c", readonly=True) == [{"c": 0}]
    assert engine.server.owner is False


def test_the_engine_fits_the_protocol_and_names_its_dialect(engine: FalkorDBEngine) -> None:
    assert isinstance(engine, Engine)
    assert isinstance(engine, BulkEngine)
    assert engine.dialect == "falkordb"
