// Mapped cells in the grid at $at with their territories; overlaps are found in process
// (queries.coverage.spatial) among all of them, and reported for the cells of $cells.
MATCH (c:Cell)
WHERE c.geometry IS NOT NULL
OPTIONAL MATCH (c)-[p:PART_OF]->(:Net)
WITH c, count(p) AS ever,
     count(CASE WHEN p.since <= $at AND (p.until IS NULL OR p.until > $at) THEN p END) AS now
WHERE ever = 0 OR now > 0
RETURN c.uid AS uid, labels(c) AS labels, c.name AS name, c.uid AS cell, null AS net,
       {territory: c.geometry, in_scope: $cells IS NULL OR c.uid IN $cells} AS detail
