// The cells in which a person is now the health instructor (健康管理指导员).
// $person: the person's uid; $role: the health-instructor officer role; $at: instant.
MATCH (i:Person {uid: $person})-[o:OFFICER_OF]->(c:Cell)
WHERE o.role = $role AND o.since <= $at AND (o.until IS NULL OR o.until > $at)
RETURN DISTINCT c.uid AS uid
