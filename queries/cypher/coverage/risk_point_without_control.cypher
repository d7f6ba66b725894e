// Risk points no duty CONTROLS: an identified risk with no one's duty to manage it.
// The whole grid ($cells null) scans every risk point; a subtree run starts from its
// cells through the uid index (no row when $cells is null).
MATCH (rp:RiskPoint)
WHERE $cells IS NULL
OPTIONAL MATCH (:Duty)-[k:CONTROLS]->(rp)
WITH rp, k WHERE k IS NULL
OPTIONAL MATCH (rp)-[b:BELONGS_TO]->(c:Cell)
WHERE coalesce(b.since, '') <= $at AND (b.until IS NULL OR b.until > $at)
WITH rp, head(collect(c.uid)) AS cell
RETURN rp.uid AS uid, labels(rp) AS labels, rp.name AS name, cell, null AS net,
       {grade: rp.grade} AS detail
UNION ALL
MATCH (c:Cell)<-[b:BELONGS_TO]-(rp:RiskPoint)
WHERE c.uid IN $cells
  AND coalesce(b.since, '') <= $at AND (b.until IS NULL OR b.until > $at)
OPTIONAL MATCH (:Duty)-[k:CONTROLS]->(rp)
WITH rp, c, k WHERE k IS NULL
RETURN rp.uid AS uid, labels(rp) AS labels, rp.name AS name, c.uid AS cell, null AS net,
       {grade: rp.grade} AS detail
