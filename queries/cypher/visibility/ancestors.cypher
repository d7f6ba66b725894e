// The nets above any of the given units (nets or cells) at an instant, the units excluded.
// $units: uids; $at: instant.
MATCH p = (s:GridNode)-[:PART_OF*1..3]->(up:Net)
WHERE s.uid IN $units
  AND all(r IN relationships(p) WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at))
RETURN DISTINCT up.uid AS uid
