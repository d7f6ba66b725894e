// Everything one person answers for directly at $at, and for each post how many others
// share it (0 means the post is orphaned if the person leaves).
MATCH (p:Person {uid: $uid})
OPTIONAL MATCH (o)-[ow:OWNED_BY]->(p)
WHERE ow.since <= $at AND (ow.until IS NULL OR ow.until > $at)
OPTIONAL MATCH (o)-[ow2:OWNED_BY]->(other:Person)
WHERE other.uid <> p.uid AND ow2.since <= $at AND (ow2.until IS NULL OR ow2.until > $at)
WITH p, o, ow, count(other) AS others
WITH p, collect(CASE WHEN o IS NULL THEN null ELSE
       {uid: o.uid, name: coalesce(o.name, o.title), labels: labels(o), since: ow.since, others: others}
     END) AS owned
OPTIONAL MATCH (d:Duty)-[da:ASSIGNED_TO]->(p)
WHERE da.since <= $at AND (da.until IS NULL OR da.until > $at)
OPTIONAL MATCH (d)-[da2:ASSIGNED_TO]->(other:Person)
WHERE other.uid <> p.uid AND da2.since <= $at AND (da2.until IS NULL OR da2.until > $at)
WITH p, owned, d, da, count(other) AS others
WITH p, owned, collect(CASE WHEN d IS NULL THEN null ELSE
       {uid: d.uid, name: d.title, labels: labels(d), since: da.since, others: others} END) AS duties
OPTIONAL MATCH (p)-[r:OFFICER_OF]->(c:Cell)
WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at)
OPTIONAL MATCH (other:Person)-[r2:OFFICER_OF]->(c)
WHERE other.uid <> p.uid AND r2.role = r.role
  AND r2.since <= $at AND (r2.until IS NULL OR r2.until > $at)
WITH p, owned, duties, c, r, count(other) AS others
WITH p, owned, duties, collect(CASE WHEN c IS NULL THEN null ELSE
       {uid: c.uid, name: c.name, labels: labels(c), role: r.role, since: r.since, others: others}
     END) AS officer_roles
OPTIONAL MATCH (p)-[l:LEADS]->(mc:MicroCell)
WHERE l.since <= $at AND (l.until IS NULL OR l.until > $at)
OPTIONAL MATCH (other:Person)-[l2:LEADS]->(mc)
WHERE other.uid <> p.uid AND l2.since <= $at AND (l2.until IS NULL OR l2.until > $at)
WITH p, owned, duties, officer_roles, mc, l, count(other) AS others
WITH p, owned, duties, officer_roles, collect(CASE WHEN mc IS NULL THEN null ELSE
       {uid: mc.uid, name: mc.name, labels: labels(mc), since: l.since, others: others} END) AS leads
OPTIONAL MATCH (p)-[h:HEAD_OF]->(u)
WHERE h.since <= $at AND (h.until IS NULL OR h.until > $at)
OPTIONAL MATCH (other:Person)-[h2:HEAD_OF]->(u)
WHERE other.uid <> p.uid AND h2.since <= $at AND (h2.until IS NULL OR h2.until > $at)
WITH p, owned, duties, officer_roles, leads, u, h, count(other) AS others
RETURN p.uid AS uid, p.name AS name, owned, duties, officer_roles, leads,
       collect(CASE WHEN u IS NULL THEN null ELSE
         {uid: u.uid, name: u.name, labels: labels(u), level: u.level, since: h.since, others: others}
       END) AS heads
