// Business tree, root data sources (数据源): what FEEDS the given cells, with the cells each
// one feeds. $cells: cell uids.
UNWIND $cells AS cell_uid
MATCH (d:DataSource)-[:FEEDS]->(c:Cell {uid: cell_uid})
RETURN d.uid AS uid, d.name AS name, d.kind AS kind, collect(c.uid) AS cells
ORDER BY uid
