// Cells in the grid at $at (PART_OF a net now, or never placed) where one of the eight
// officer roles ($roles, 八大员) has no current holder.
// Links are filtered inside count()/collect()/max() (CASE), not by a WHERE on the OPTIONAL
// MATCH: FalkorDB runs a filtered OPTIONAL MATCH as a subquery per row.
MATCH (c:Cell)
WHERE $cells IS NULL OR c.uid IN $cells
OPTIONAL MATCH (c)-[p:PART_OF]->(:Net)
WITH c, count(p) AS ever,
     count(CASE WHEN p.since <= $at AND (p.until IS NULL OR p.until > $at) THEN p END) AS now
WHERE ever = 0 OR now > 0
OPTIONAL MATCH (:Person)-[r:OFFICER_OF]->(c)
WITH c, collect(DISTINCT CASE WHEN r.since <= $at AND (r.until IS NULL OR r.until > $at)
                              THEN r.role END) AS held
WITH c, [role IN $roles WHERE NOT role IN held] AS missing
WHERE size(missing) > 0
RETURN c.uid AS uid, labels(c) AS labels, c.name AS name, c.uid AS cell, null AS net,
       {missing: missing} AS detail
