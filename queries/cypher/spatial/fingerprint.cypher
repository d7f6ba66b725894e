// A fingerprint of the mapped grid: how many cells and micro-cells carry a territory, their
// highest revision, the sum of their bounding boxes, and how many PART_OF links they have
// had and closed. Any change to a territory or a name (which bumps the revision), and any
// move of a mapped unit (which closes one link and opens another), changes it, so the
// spatial index is rebuilt.
MATCH (c:Cell)
WHERE c.geometry IS NOT NULL
OPTIONAL MATCH (c)-[p:PART_OF]->(:Net)
WITH c, count(p) AS links, count(p.until) AS closed
RETURN 'Cell' AS kind, count(c) AS n, max(c.rev) AS rev,
       sum(c.min_lon + 2 * c.min_lat + 3 * c.max_lon + 5 * c.max_lat) AS box,
       sum(links) AS links, sum(closed) AS closed
UNION ALL
MATCH (m:MicroCell)
WHERE m.geometry IS NOT NULL
OPTIONAL MATCH (m)-[p:PART_OF]->(:Cell)
WITH m, count(p) AS links, count(p.until) AS closed
RETURN 'MicroCell' AS kind, count(m) AS n, max(m.rev) AS rev,
       sum(m.min_lon + 2 * m.min_lat + 3 * m.max_lon + 5 * m.max_lat) AS box,
       sum(links) AS links, sum(closed) AS closed
