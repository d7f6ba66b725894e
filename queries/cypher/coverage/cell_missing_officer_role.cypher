// Cells in the grid at $at (PART_OF a net now, or never placed) where one of the eight
// officer roles ($roles, 八大员) has no current holder.
MATCH (c:Cell)
WHERE $cells IS NULL OR c.uid IN $cells
OPTIONAL MATCH (c)-[p:PART_OF]->(:Net)
WITH c, count(p) AS ever,
     count(CASE WHEN p.since <= $at AND (p.until IS NULL OR p.until > $at) THEN p END) AS now
WHERE ever = 0 OR now > 0
OPTIONAL MATCH (:Person)-[r:OFFICER_OF]->(c)
WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at)
WITH c, collect(DISTINCT r.role) AS held
WITH c, [role IN $roles WHERE NOT role IN held] AS missing
WHERE size(missing) > 0
RETURN c.uid AS uid, labels(c) AS labels, c.name AS name, c.uid AS cell, null AS net,
       {missing: missing} AS detail
