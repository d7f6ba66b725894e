// Open hazards (status at $at not in $done, read from the status history as in
// hazard_overdue) found by $today with no owner at $at: nobody is responsible for the
// rectification.
// Links are filtered inside count()/collect()/max() (CASE), not by a WHERE on the OPTIONAL
// MATCH: FalkorDB runs a filtered OPTIONAL MATCH as a subquery per row.
MATCH (h:Hazard)
WHERE h.found_on <= $today
WITH h, substring(last([s IN coalesce(h.status_history,
                                      CASE WHEN h.closed_on IS NULL
                                           THEN [h.found_on + 'T00:00:00Z|' + h.status]
                                           ELSE [h.found_on + 'T00:00:00Z|found', h.closed_on + 'T00:00:00Z|' + h.status] END)
                        WHERE substring(s, 0, 20) <= $at]), 21) AS status
WHERE NOT status IN $done
OPTIONAL MATCH (h)-[r:OWNED_BY]->(:Person)
WITH h, status,
     count(CASE WHEN r.since <= $at AND (r.until IS NULL OR r.until > $at) THEN r END) AS owners
WHERE owners = 0
OPTIONAL MATCH (h)-[b:BELONGS_TO]->(c:Cell)
WHERE coalesce(b.since, '') <= $at AND (b.until IS NULL OR b.until > $at)
WITH h, status, head(collect(c.uid)) AS cell
WHERE $cells IS NULL OR cell IN $cells
RETURN h.uid AS uid, labels(h) AS labels, h.title AS name, cell, null AS net,
       {status: status, severity: h.severity, found_on: h.found_on} AS detail
