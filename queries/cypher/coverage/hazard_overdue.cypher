// Open hazards (status at $at not in $done) found by $today whose deadline lies before $today.
// The status is read from the status history (graph/status_history.py): the last entry
// begun by $at. A hazard without history is read with its default (default_history there):
// 'found' from found_on, then its current status from closed_on (or from found_on).
// The deadline is read as stored now (a reassignment that moved it is not replayed).
MATCH (h:Hazard)
WHERE h.found_on <= $today AND h.deadline IS NOT NULL AND h.deadline < $today
WITH h, substring(last([s IN coalesce(h.status_history,
                                      CASE WHEN h.closed_on IS NULL
                                           THEN [h.found_on + 'T00:00:00Z|' + h.status]
                                           ELSE [h.found_on + 'T00:00:00Z|found', h.closed_on + 'T00:00:00Z|' + h.status] END)
                        WHERE substring(s, 0, 20) <= $at]), 21) AS status
WHERE NOT status IN $done
OPTIONAL MATCH (h)-[b:BELONGS_TO]->(c:Cell)
WHERE coalesce(b.since, '') <= $at AND (b.until IS NULL OR b.until > $at)
WITH h, status, head(collect(c.uid)) AS cell
WHERE $cells IS NULL OR cell IN $cells
RETURN h.uid AS uid, labels(h) AS labels, h.title AS name, cell, null AS net,
       {deadline: h.deadline, status: status, severity: h.severity} AS detail
