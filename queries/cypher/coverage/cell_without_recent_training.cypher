// Cells in the grid at $at with no training session held between $since and $today
// (三学四课堂); the detail gives the last session on or before $today, if any.
// Links are filtered inside count()/collect()/max() (CASE), not by a WHERE on the OPTIONAL
// MATCH: FalkorDB runs a filtered OPTIONAL MATCH as a subquery per row.
MATCH (c:Cell)
WHERE $cells IS NULL OR c.uid IN $cells
OPTIONAL MATCH (c)-[p:PART_OF]->(:Net)
WITH c, count(p) AS ever,
     count(CASE WHEN p.since <= $at AND (p.until IS NULL OR p.until > $at) THEN p END) AS now
WHERE ever = 0 OR now > 0
OPTIONAL MATCH (t:TrainingSession)-[:TRAINED]->(c)
WITH c, max(CASE WHEN t.held_on <= $today THEN t.held_on END) AS last
WHERE last IS NULL OR last < $since
RETURN c.uid AS uid, labels(c) AS labels, c.name AS name, c.uid AS cell, null AS net,
       {last_training: last, window_start: $since} AS detail
