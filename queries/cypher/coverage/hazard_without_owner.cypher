// Open hazards (status at $at not in $done, read from the status history as in
// hazard_overdue) found by $today with no owner at $at: nobody is responsible for the
// rectification.
MATCH (h:Hazard)
WHERE h.found_on <= $today
WITH h, substring(last([s IN coalesce(h.status_history,
                                      CASE WHEN h.closed_on IS NULL
                                           THEN [h.found_on + 'T00:00:00Z|' + h.status]
                                           ELSE [h.found_on + 'T00:00:00Z|found', h.closed_on + 'T00:00:00Z|' + h.status] END)
                        WHERE substring(s, 0, 20) <= $at]), 21) AS status
WHERE NOT status IN $done
OPTIONAL MATCH (h)-[r:OWNED_BY]->(:Person)
WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at)
WITH h, status, r WHERE r IS NULL
OPTIONAL MATCH (h)-[b:BELONGS_TO]->(c:Cell)
WHERE coalesce(b.since, '') <= $at AND (b.until IS NULL OR b.until > $at)
WITH h, status, head(collect(c.uid)) AS cell
WHERE $cells IS NULL OR cell IN $cells
RETURN h.uid AS uid, labels(h) AS labels, h.title AS name, cell, null AS net,
       {status: status, severity: h.severity, found_on: h.found_on} AS detail
