// The frame of the roll-up: every net and every cell with the nets above it, as the
// PART_OF links stood at $at (a cell → its level-4 → level-3 → level-2 net).
MATCH (n:Net)
OPTIONAL MATCH path = (n)-[:PART_OF*1..3]->(up:Net)
WHERE all(r IN relationships(path) WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at))
WITH n, collect(CASE WHEN up IS NULL THEN null ELSE {uid: up.uid, level: up.level} END) AS above
RETURN n.uid AS uid, labels(n) AS labels, n.name AS name, n.level AS level, above
UNION ALL
MATCH (c:Cell)
OPTIONAL MATCH path = (c)-[:PART_OF*1..4]->(up:Net)
WHERE all(r IN relationships(path) WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at))
WITH c, collect(CASE WHEN up IS NULL THEN null ELSE {uid: up.uid, level: up.level} END) AS above
RETURN c.uid AS uid, labels(c) AS labels, c.name AS name, null AS level, above
