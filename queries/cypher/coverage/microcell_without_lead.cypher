// Micro-cells in the grid at $at (PART_OF a cell now, or never placed) with no current lead.
// Candidates first (no LEADS at all, or one that is not current), then their current links
// counted (as in object_without_owner).
MATCH (m:MicroCell)
OPTIONAL MATCH (m)<-[h:LEADS]-()
WITH m, h WHERE h IS NULL OR h.since > $at OR h.until <= $at
WITH DISTINCT m
OPTIONAL MATCH (m)<-[l:LEADS]-()
WITH m, count(CASE WHEN l.since <= $at AND (l.until IS NULL OR l.until > $at) THEN l END) AS held
WHERE held = 0
OPTIONAL MATCH (m)-[p:PART_OF]->(c:Cell)
WITH m, count(p) AS ever,
     collect(CASE WHEN p.since <= $at AND (p.until IS NULL OR p.until > $at) THEN c.uid END) AS now
WHERE ever = 0 OR size(now) > 0
WITH m, head(now) AS cell
WHERE $cells IS NULL OR cell IN $cells
OPTIONAL MATCH (member:Person)-[r:MEMBER_OF]->(m)
WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at)
WITH m, cell, count(DISTINCT member) AS members
RETURN m.uid AS uid, labels(m) AS labels, m.name AS name, cell, null AS net,
       {members: members} AS detail
