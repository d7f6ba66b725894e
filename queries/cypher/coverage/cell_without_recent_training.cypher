// Cells in the grid at $at with no training session held between $since and $today
// (三学四课堂); the detail gives the last session on or before $today, if any.
MATCH (c:Cell)
WHERE $cells IS NULL OR c.uid IN $cells
OPTIONAL MATCH (c)-[p:PART_OF]->(:Net)
WITH c, count(p) AS ever,
     count(CASE WHEN p.since <= $at AND (p.until IS NULL OR p.until > $at) THEN p END) AS now
WHERE ever = 0 OR now > 0
OPTIONAL MATCH (t:TrainingSession)-[:TRAINED]->(c)
WHERE t.held_on <= $today
WITH c, max(t.held_on) AS last
WHERE last IS NULL OR last < $since
RETURN c.uid AS uid, labels(c) AS labels, c.name AS name, c.uid AS cell, null AS net,
       {last_training: last, window_start: $since} AS detail
