// Business tree, trunk nets: the subject (a Cell or a Net) and every net of its trunk with
// its current heads. depth >= 0: the chain upward (a net subject is its own depth 0, a
// cell's level-4 net is depth 1); depth < 0: the nets beneath a net subject, with the net
// each one is part of. No row at all when the uid names neither a Cell nor a Net.
// $uid: subject uid; $at: instant (YYYY-MM-DDTHH:MM:SSZ) at which links are current.
// Heads are filtered inside collect(): on FalkorDB an OPTIONAL MATCH with a WHERE runs a
// sub-plan per input row, one without WHERE is a plain optional traverse.
OPTIONAL MATCH (sc:Cell {uid: $uid})
OPTIONAL MATCH (sn:Net {uid: $uid})
WITH coalesce(sc, sn) AS s, sc IS NOT NULL AS is_cell
WHERE s IS NOT NULL
OPTIONAL MATCH p = (s)-[:PART_OF*0..3]->(up:Net)
WHERE all(r IN relationships(p) WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at))
WITH s, is_cell, up, length(p) AS depth, null AS parent
OPTIONAL MATCH (h:Person)-[hr:HEAD_OF]->(up)
RETURN s.uid AS uid, s.name AS name, is_cell, s.level AS level,
       up.uid AS net, up.name AS net_name, up.level AS net_level, up.kind AS net_kind,
       depth, parent,
       collect(CASE WHEN hr.since <= $at AND (hr.until IS NULL OR hr.until > $at)
               THEN {uid: h.uid, name: h.name} END) AS heads
UNION ALL
MATCH (s:Net {uid: $uid})
MATCH p = (down:Net)-[:PART_OF*1..2]->(s)
WHERE all(r IN relationships(p) WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at))
WITH s, down, -length(p) AS depth, nodes(p)[1].uid AS parent
OPTIONAL MATCH (h:Person)-[hr:HEAD_OF]->(down)
RETURN s.uid AS uid, s.name AS name, false AS is_cell, s.level AS level,
       down.uid AS net, down.name AS net_name, down.level AS net_level, down.kind AS net_kind,
       depth, parent,
       collect(CASE WHEN hr.since <= $at AND (hr.until IS NULL OR hr.until > $at)
               THEN {uid: h.uid, name: h.name} END) AS heads
