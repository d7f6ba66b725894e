// The micro-cells a person is placed in or leads at an instant, with their cells.
// $person: the person's uid; $at: instant.
MATCH (p:Person {uid: $person})-[m:MEMBER_OF|LEADS]->(mc:MicroCell)-[pc:PART_OF]->(c:Cell)
WHERE m.since <= $at AND (m.until IS NULL OR m.until > $at)
  AND pc.since <= $at AND (pc.until IS NULL OR pc.until > $at)
RETURN DISTINCT mc.uid AS micro_cell, c.uid AS cell
