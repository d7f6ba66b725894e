// Cells in the grid at $at with no monthly assessment (月度考核) for $month, the month
// before today; the detail gives the last month assessed up to then, if any.
// Links are filtered inside count()/collect()/max() (CASE), not by a WHERE on the OPTIONAL
// MATCH: FalkorDB runs a filtered OPTIONAL MATCH as a subquery per row.
MATCH (c:Cell)
WHERE $cells IS NULL OR c.uid IN $cells
OPTIONAL MATCH (c)-[p:PART_OF]->(:Net)
WITH c, count(p) AS ever,
     count(CASE WHEN p.since <= $at AND (p.until IS NULL OR p.until > $at) THEN p END) AS now
WHERE ever = 0 OR now > 0
OPTIONAL MATCH (a:Assessment)-[:ASSESSES]->(c)
WITH c, max(CASE WHEN a.month <= $month THEN a.month END) AS last
WHERE last IS NULL OR last < $month
RETURN c.uid AS uid, labels(c) AS labels, c.name AS name, c.uid AS cell, null AS net,
       {month: $month, last_assessed: last} AS detail
