// Business tree, leaves: the duty lists (履责清单) of the given cells with what the six
// elements (六要素) need: current assignees (人), matter (事), how many objects the duty
// applies to or risk points it controls (物), responsibility (责), schedule (时间) and
// space (空间). $cells: cell uids; $at: instant at which assignments (and each duty's
// membership of its cell) are current.
// Current-ness is tested inside collect() (see nets.cypher).
UNWIND $cells AS cell
MATCH (d:Duty)-[b:BELONGS_TO]->(:Cell {uid: cell})
WHERE coalesce(b.since, '') <= $at AND (b.until IS NULL OR b.until > $at)
OPTIONAL MATCH (d)-[a:ASSIGNED_TO]->(p:Person)
WITH d, cell,
     collect(CASE WHEN a.since <= $at AND (a.until IS NULL OR a.until > $at)
             THEN {uid: p.uid, name: p.name} END) AS assignees
OPTIONAL MATCH (d)-[:APPLIES_TO|CONTROLS]->(x)
WITH d, cell, assignees, count(x) AS objects
RETURN d.uid AS uid, d.title AS title, d.role AS role, cell,
       d.matter AS matter, d.responsibility AS responsibility, d.schedule AS schedule,
       d.space AS space, assignees, objects
ORDER BY cell, uid
