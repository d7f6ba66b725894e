// Duties lacking one of the six elements (六要素) at $at: person (a current assignee),
// matter, object (anything it APPLIES_TO or CONTROLS), responsibility, time (schedule) and
// space; blank text counts as missing. The detail says which elements are present.
// Candidates come from cheap scans — duties with no object; duties with no or a
// non-current assignment or a blank text element — and are then checked exactly. UNION
// (not ALL) merges a duty two scans found: its rows are identical. The whole grid ($cells
// null) scans every duty; a subtree run takes its cells' duties through the uid index.
MATCH (d:Duty)
WHERE $cells IS NULL
OPTIONAL MATCH (d)-[o:APPLIES_TO|CONTROLS]->()
WITH d, o WHERE o IS NULL
WITH DISTINCT d
OPTIONAL MATCH (d)-[a:ASSIGNED_TO]->()
WHERE a.since <= $at AND (a.until IS NULL OR a.until > $at)
WITH d, count(a) AS assignees
OPTIONAL MATCH (d)-[t:APPLIES_TO|CONTROLS]->()
WITH d, assignees, count(t) AS objects
WITH d, assignees > 0 AS assignee, objects > 0 AS object,
     coalesce(size(trim(d.matter)), 0) > 0 AS matter,
     coalesce(size(trim(d.responsibility)), 0) > 0 AS responsibility,
     coalesce(size(trim(d.schedule)), 0) > 0 AS schedule,
     coalesce(size(trim(d.space)), 0) > 0 AS space
WHERE NOT (assignee AND object AND matter AND responsibility AND schedule AND space)
OPTIONAL MATCH (d)-[b:BELONGS_TO]->(c:Cell)
WHERE coalesce(b.since, '') <= $at AND (b.until IS NULL OR b.until > $at)
WITH d, assignee, object, matter, responsibility, schedule, space, head(collect(c.uid)) AS cell
RETURN d.uid AS uid, labels(d) AS labels, d.title AS name, cell, null AS net,
       {present: {assignee: assignee, matter: matter, object: object,
                  responsibility: responsibility, schedule: schedule, space: space}} AS detail
UNION
MATCH (d:Duty)
WHERE $cells IS NULL
OPTIONAL MATCH (d)-[h:ASSIGNED_TO]->()
WITH d, h
WHERE h IS NULL OR h.since > $at OR h.until <= $at
   OR coalesce(size(trim(d.matter)), 0) = 0
   OR coalesce(size(trim(d.responsibility)), 0) = 0
   OR coalesce(size(trim(d.schedule)), 0) = 0
   OR coalesce(size(trim(d.space)), 0) = 0
WITH DISTINCT d
OPTIONAL MATCH (d)-[a:ASSIGNED_TO]->()
WHERE a.since <= $at AND (a.until IS NULL OR a.until > $at)
WITH d, count(a) AS assignees
OPTIONAL MATCH (d)-[t:APPLIES_TO|CONTROLS]->()
WITH d, assignees, count(t) AS objects
WITH d, assignees > 0 AS assignee, objects > 0 AS object,
     coalesce(size(trim(d.matter)), 0) > 0 AS matter,
     coalesce(size(trim(d.responsibility)), 0) > 0 AS responsibility,
     coalesce(size(trim(d.schedule)), 0) > 0 AS schedule,
     coalesce(size(trim(d.space)), 0) > 0 AS space
WHERE NOT (assignee AND object AND matter AND responsibility AND schedule AND space)
OPTIONAL MATCH (d)-[b:BELONGS_TO]->(c:Cell)
WHERE coalesce(b.since, '') <= $at AND (b.until IS NULL OR b.until > $at)
WITH d, assignee, object, matter, responsibility, schedule, space, head(collect(c.uid)) AS cell
RETURN d.uid AS uid, labels(d) AS labels, d.title AS name, cell, null AS net,
       {present: {assignee: assignee, matter: matter, object: object,
                  responsibility: responsibility, schedule: schedule, space: space}} AS detail
UNION
MATCH (c:Cell)<-[b:BELONGS_TO]-(d:Duty)
WHERE c.uid IN $cells
  AND coalesce(b.since, '') <= $at AND (b.until IS NULL OR b.until > $at)
WITH DISTINCT d
OPTIONAL MATCH (d)-[a:ASSIGNED_TO]->()
WHERE a.since <= $at AND (a.until IS NULL OR a.until > $at)
WITH d, count(a) AS assignees
OPTIONAL MATCH (d)-[t:APPLIES_TO|CONTROLS]->()
WITH d, assignees, count(t) AS objects
WITH d, assignees > 0 AS assignee, objects > 0 AS object,
     coalesce(size(trim(d.matter)), 0) > 0 AS matter,
     coalesce(size(trim(d.responsibility)), 0) > 0 AS responsibility,
     coalesce(size(trim(d.schedule)), 0) > 0 AS schedule,
     coalesce(size(trim(d.space)), 0) > 0 AS space
WHERE NOT (assignee AND object AND matter AND responsibility AND schedule AND space)
OPTIONAL MATCH (d)-[b:BELONGS_TO]->(c:Cell)
WHERE coalesce(b.since, '') <= $at AND (b.until IS NULL OR b.until > $at)
WITH d, assignee, object, matter, responsibility, schedule, space, head(collect(c.uid)) AS cell
RETURN d.uid AS uid, labels(d) AS labels, d.title AS name, cell, null AS net,
       {present: {assignee: assignee, matter: matter, object: object,
                  responsibility: responsibility, schedule: schedule, space: space}} AS detail
