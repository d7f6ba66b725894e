// Business tree, leaves: the officers (八大员, business fulcrums 业务支点) currently holding a
// role in the given cells. $cells: cell uids; $at: instant at which posts are current.
UNWIND $cells AS cell_uid
MATCH (p:Person)-[o:OFFICER_OF]->(c:Cell {uid: cell_uid})
WHERE o.since <= $at AND (o.until IS NULL OR o.until > $at)
RETURN o.role AS role, p.uid AS uid, p.name AS name, c.uid AS cell, o.since AS since
ORDER BY role, cell, uid
