// A cheap fingerprint of the mapped grid: how many cells and micro-cells carry a territory,
// their highest revision and the sum of their bounding boxes. Any change to a territory
// (through writes or an import) changes it, so the spatial index is rebuilt.
MATCH (c:Cell)
WHERE c.geometry IS NOT NULL
RETURN 'Cell' AS kind, count(c) AS n, max(c.rev) AS rev,
       sum(c.min_lon + 2 * c.min_lat + 3 * c.max_lon + 5 * c.max_lat) AS box
UNION ALL
MATCH (m:MicroCell)
WHERE m.geometry IS NOT NULL
RETURN 'MicroCell' AS kind, count(m) AS n, max(m.rev) AS rev,
       sum(m.min_lon + 2 * m.min_lat + 3 * m.max_lon + 5 * m.max_lat) AS box
