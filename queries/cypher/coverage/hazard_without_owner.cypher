// Open hazards (status not in $done) found by $today with no owner at $at: nobody is
// responsible for the rectification.
MATCH (h:Hazard)
WHERE NOT h.status IN $done AND h.found_on <= $today
OPTIONAL MATCH (h)-[r:OWNED_BY]->(:Person)
WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at)
WITH h, r WHERE r IS NULL
OPTIONAL MATCH (h)-[b:BELONGS_TO]->(c:Cell)
WHERE coalesce(b.since, '') <= $at AND (b.until IS NULL OR b.until > $at)
WITH h, head(collect(c.uid)) AS cell
WHERE $cells IS NULL OR cell IN $cells
RETURN h.uid AS uid, labels(h) AS labels, h.title AS name, cell, null AS net,
       {status: h.status, severity: h.severity, found_on: h.found_on} AS detail
