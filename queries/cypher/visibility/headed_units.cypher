// The nets and cells a person heads at an instant.
// $person: the person's uid; $at: instant (YYYY-MM-DDTHH:MM:SSZ).
MATCH (p:Person {uid: $person})-[h:HEAD_OF]->(u)
WHERE h.since <= $at AND (h.until IS NULL OR h.until > $at)
RETURN u.uid AS uid, labels(u) AS labels, u.level AS level
