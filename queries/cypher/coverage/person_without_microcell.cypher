// People in no micro-cell at $at (in no net, 不在网). Placed in the cell of the micro-cell
// they last left when that micro-cell is in a cell at $at; otherwise unplaced.
// Candidates first (no MEMBER_OF at all, or one that is not current), then their current links
// counted (as in object_without_owner).
MATCH (p:Person)
OPTIONAL MATCH (p)-[h:MEMBER_OF]->()
WITH p, h WHERE h IS NULL OR h.since > $at OR h.until <= $at
WITH DISTINCT p
OPTIONAL MATCH (p)-[r:MEMBER_OF]->()
WITH p, count(CASE WHEN r.since <= $at AND (r.until IS NULL OR r.until > $at) THEN r END) AS held
WHERE held = 0
OPTIONAL MATCH (p)-[old:MEMBER_OF]->(left:MicroCell)
WHERE old.until <= $at
WITH p, old, left ORDER BY old.until DESC
WITH p, head(collect(CASE WHEN left IS NULL THEN null ELSE
       {node: left, uid: left.uid, until: old.until} END)) AS last
WITH p, last, last.node AS lastMicroCell
OPTIONAL MATCH (lastMicroCell)-[mp:PART_OF]->(c:Cell)
WHERE mp.since <= $at AND (mp.until IS NULL OR mp.until > $at)
WITH p, last, head(collect(c.uid)) AS cell
WHERE $cells IS NULL OR cell IN $cells
RETURN p.uid AS uid, labels(p) AS labels, p.name AS name, cell, null AS net,
       {last_micro_cell: last.uid, left_on: last.until} AS detail
