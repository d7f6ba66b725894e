// A person's health records, newest check first.
// $person: the person's uid.
MATCH (h:HealthRecord)-[:RECORD_OF]->(p:Person {uid: $person})
RETURN h
ORDER BY h.checked_on DESC, h.uid
