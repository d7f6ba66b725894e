// The current heads and officers of the cells $cells, for an incident at a point.
MATCH (c:Cell)
WHERE c.uid IN $cells
OPTIONAL MATCH (h:Person)-[r:HEAD_OF]->(c)
WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at)
WITH c, collect(CASE WHEN h IS NULL THEN null ELSE
       {uid: h.uid, name: h.name, post: h.post} END) AS heads
OPTIONAL MATCH (o:Person)-[s:OFFICER_OF]->(c)
WHERE s.since <= $at AND (s.until IS NULL OR s.until > $at)
RETURN c.uid AS cell, c.name AS name, heads,
       collect(CASE WHEN o IS NULL THEN null ELSE
       {uid: o.uid, name: o.name, role: s.role} END) AS officers
