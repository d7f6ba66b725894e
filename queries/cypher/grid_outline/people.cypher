// Grid outline, the people of the given units at $at: one row per unit with its current heads
// (HEAD_OF for nets and cells, LEADS for micro-cells), the number of people holding a current
// officer role in it (cells) and the number of its current members (micro-cells).
// $units: net, cell and micro-cell uids; $at: instant at which posts are current.
// Conditions sit inside the aggregates and each stage groups by unit (see
// business_tree/fruit.cypher): much faster on FalkorDB than OPTIONAL MATCH ... WHERE.
UNWIND $units AS unit_uid
MATCH (u:GridNode {uid: unit_uid})
OPTIONAL MATCH (h:Person)-[hr:HEAD_OF|LEADS]->(u)
WITH u, collect(CASE WHEN hr.since <= $at AND (hr.until IS NULL OR hr.until > $at)
                THEN {uid: h.uid, name: h.name} END) AS heads
OPTIONAL MATCH (o:Person)-[orr:OFFICER_OF]->(u)
WITH u, heads,
     count(DISTINCT CASE WHEN orr.since <= $at AND (orr.until IS NULL OR orr.until > $at)
                    THEN o END) AS officers
OPTIONAL MATCH (p:Person)-[mr:MEMBER_OF]->(u)
RETURN u.uid AS uid, heads, officers,
       count(DISTINCT CASE WHEN mr.since <= $at AND (mr.until IS NULL OR mr.until > $at)
                      THEN p END) AS members
