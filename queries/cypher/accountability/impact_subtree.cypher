// What lies beneath the units a person heads at $at: cells, micro-cells, members and
// objects, counted per kind. $units are the uids of the nets and cells they head.
UNWIND $units AS unitUid
MATCH (u:GridNode {uid: unitUid})
OPTIONAL MATCH path = (c:Cell)-[:PART_OF*0..4]->(u)
WHERE all(r IN relationships(path) WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at))
WITH DISTINCT c
WHERE c IS NOT NULL
OPTIONAL MATCH (o)-[b:BELONGS_TO|RAISED_IN]->(c)
WHERE coalesce(b.since, '') <= $at AND (b.until IS NULL OR b.until > $at)
WITH c, labels(o) AS kinds, count(o) AS n
WITH c, collect({kinds: kinds, n: n}) AS objects
OPTIONAL MATCH (mc:MicroCell)-[mp:PART_OF]->(c)
WHERE mp.since <= $at AND (mp.until IS NULL OR mp.until > $at)
OPTIONAL MATCH (m:Person)-[mm:MEMBER_OF]->(mc)
WHERE mm.since <= $at AND (mm.until IS NULL OR mm.until > $at)
WITH c, objects, count(DISTINCT mc) AS micro_cells, count(DISTINCT m) AS members
RETURN count(c) AS cells, sum(micro_cells) AS micro_cells, sum(members) AS members,
       collect(objects) AS objects
