// Business tree, root cells: the subject cell itself, or every cell beneath a net subject
// through a chain of current PART_OF links (cell -> L4 -> L3 -> L2 is three hops), each with
// the net it is currently part of and its current heads (格长).
// $uid: subject uid (Cell or Net); $at: instant at which links are current.
// Current-ness of the optional links is tested inside collect() (see nets.cypher).
OPTIONAL MATCH (sc:Cell {uid: $uid})
OPTIONAL MATCH (sn:Net {uid: $uid})
WITH coalesce(sc, sn) AS s
WHERE s IS NOT NULL
MATCH p = (c:Cell)-[:PART_OF*0..3]->(s)
WHERE all(r IN relationships(p) WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at))
WITH DISTINCT c
OPTIONAL MATCH (c)-[pr:PART_OF]->(n:Net)
WITH c, collect(CASE WHEN pr.since <= $at AND (pr.until IS NULL OR pr.until > $at)
                THEN n.uid END) AS nets
OPTIONAL MATCH (h:Person)-[hr:HEAD_OF]->(c)
RETURN c.uid AS uid, c.name AS name, c.mode AS mode, nets,
       collect(CASE WHEN hr.since <= $at AND (hr.until IS NULL OR hr.until > $at)
               THEN {uid: h.uid, name: h.name} END) AS heads
ORDER BY uid
