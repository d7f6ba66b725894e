// The people heading any of the given units at an instant.
// $units: uids of nets and cells; $at: instant.
MATCH (p:Person)-[h:HEAD_OF]->(u)
WHERE u.uid IN $units AND h.since <= $at AND (h.until IS NULL OR h.until > $at)
RETURN DISTINCT p.uid AS uid
