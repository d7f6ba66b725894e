// Business tree, trunk processes (流程束): the process bundles IN_NET of the given nets, with
// the officer role each serves, the data sources flowing into it and the standards it
// follows. $nets: net uids.
UNWIND $nets AS net_uid
MATCH (pr:Process)-[:IN_NET]->(n:Net {uid: net_uid})
OPTIONAL MATCH (d:DataSource)-[:FLOWS_INTO]->(pr)
WITH pr, n, collect(DISTINCT d.uid) AS fed_by
OPTIONAL MATCH (pr)-[:FOLLOWS]->(st:Standard)
RETURN pr.uid AS uid, pr.name AS name, pr.kind AS kind, pr.role AS role, n.uid AS net,
       fed_by, collect(DISTINCT st.code) AS standards
ORDER BY net, uid
