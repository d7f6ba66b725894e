// Whether $viewer is now the health instructor (健康管理指导员) of a cell $person is placed in.
// $person, $viewer: person uids; $role: the health-instructor officer role; $at: instant.
MATCH (p:Person {uid: $person})-[m:MEMBER_OF|LEADS]->(:MicroCell)-[pc:PART_OF]->(c:Cell)
MATCH (i:Person {uid: $viewer})-[o:OFFICER_OF]->(c)
WHERE o.role = $role
  AND m.since <= $at AND (m.until IS NULL OR m.until > $at)
  AND pc.since <= $at AND (pc.until IS NULL OR pc.until > $at)
  AND o.since <= $at AND (o.until IS NULL OR o.until > $at)
RETURN count(c) AS cells
