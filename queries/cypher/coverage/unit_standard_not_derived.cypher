// Unit standards (level $level) derived from no guidance standard ("system → process,
// process → form" needs the link). A standard has no cell: reported only unrestricted.
MATCH (s:Standard)
WHERE $cells IS NULL AND s.level = $level
OPTIONAL MATCH (s)-[r:DERIVED_FROM]->(:Standard)
WITH s, r WHERE r IS NULL
RETURN s.uid AS uid, labels(s) AS labels, s.title AS name, null AS cell, null AS net,
       {code: s.code, dimension: s.dimension, domain: s.domain} AS detail
