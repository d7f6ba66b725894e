// The subtree of a net or a cell at an instant: the cells and nets in it (the unit itself
// included). No row when the uid names neither a Net nor a Cell.
// $uid: the unit's uid; $at: instant (YYYY-MM-DDTHH:MM:SSZ) at which PART_OF links count.
MATCH (s:GridNode {uid: $uid})
WHERE s:Net OR s:Cell
OPTIONAL MATCH p = (c:Cell)-[:PART_OF*0..3]->(s)
WHERE all(r IN relationships(p) WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at))
WITH s, collect(DISTINCT c.uid) AS cells
OPTIONAL MATCH q = (d:Net)-[:PART_OF*0..2]->(s)
WHERE all(r IN relationships(q) WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at))
RETURN labels(s) AS labels, cells, collect(DISTINCT d.uid) AS nets
