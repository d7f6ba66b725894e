// The mapped cells in the grid at $at, and the mapped micro-cells currently part of one,
// for the in-process spatial index (queries.spatial).
MATCH (c:Cell)
WHERE c.geometry IS NOT NULL
OPTIONAL MATCH (c)-[p:PART_OF]->(:Net)
WITH c, count(p) AS ever,
     count(CASE WHEN p.since <= $at AND (p.until IS NULL OR p.until > $at) THEN p END) AS now
WHERE ever = 0 OR now > 0
RETURN c.uid AS uid, 'Cell' AS kind, c.name AS name, c.geometry AS geometry, null AS cell
UNION ALL
MATCH (m:MicroCell)-[p:PART_OF]->(c:Cell)
WHERE m.geometry IS NOT NULL AND p.since <= $at AND (p.until IS NULL OR p.until > $at)
RETURN m.uid AS uid, 'MicroCell' AS kind, m.name AS name, m.geometry AS geometry,
       c.uid AS cell
