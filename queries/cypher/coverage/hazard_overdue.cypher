// Open hazards (status not in $done) found by $today whose deadline lies before $today.
// Status is read as stored now: an "as of" run into the past cannot see an older status.
MATCH (h:Hazard)
WHERE NOT h.status IN $done AND h.found_on <= $today
  AND h.deadline IS NOT NULL AND h.deadline < $today
OPTIONAL MATCH (h)-[b:BELONGS_TO]->(c:Cell)
WHERE coalesce(b.since, '') <= $at AND (b.until IS NULL OR b.until > $at)
WITH h, head(collect(c.uid)) AS cell
WHERE $cells IS NULL OR cell IN $cells
RETURN h.uid AS uid, labels(h) AS labels, h.title AS name, cell, null AS net,
       {deadline: h.deadline, status: h.status, severity: h.severity} AS detail
