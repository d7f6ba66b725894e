// Led micro-cells in the grid at $at whose span — current members other than the lead —
// lies outside $span_min..$span_max (each party member leads 2–4 people, 带动2-4名群众).
// The whole grid ($cells null) starts from every current lead; a subtree run from the
// micro-cells of its cells through the uid index (no row when $cells is null).
MATCH (lead:Person)-[l:LEADS]->(m:MicroCell)
WHERE $cells IS NULL AND l.since <= $at AND (l.until IS NULL OR l.until > $at)
WITH m, collect(DISTINCT lead.uid) AS leads
OPTIONAL MATCH (member:Person)-[r:MEMBER_OF]->(m)
WITH m, leads,
     count(DISTINCT CASE WHEN r.since <= $at AND (r.until IS NULL OR r.until > $at)
                          AND NOT member.uid IN leads THEN member END) AS span
WHERE span < $span_min OR span > $span_max
OPTIONAL MATCH (m)-[p:PART_OF]->(c:Cell)
WITH m, leads, span, count(p) AS ever,
     collect(CASE WHEN p.since <= $at AND (p.until IS NULL OR p.until > $at) THEN c.uid END) AS now
WHERE ever = 0 OR size(now) > 0
RETURN m.uid AS uid, labels(m) AS labels, m.name AS name, head(now) AS cell, null AS net,
       {span: span, leads: leads} AS detail
UNION ALL
MATCH (c:Cell)<-[p:PART_OF]-(m:MicroCell)<-[l:LEADS]-(lead:Person)
WHERE c.uid IN $cells
  AND p.since <= $at AND (p.until IS NULL OR p.until > $at)
  AND l.since <= $at AND (l.until IS NULL OR l.until > $at)
WITH m, c.uid AS cell, collect(DISTINCT lead.uid) AS leads
OPTIONAL MATCH (member:Person)-[r:MEMBER_OF]->(m)
WITH m, cell, leads,
     count(DISTINCT CASE WHEN r.since <= $at AND (r.until IS NULL OR r.until > $at)
                          AND NOT member.uid IN leads THEN member END) AS span
WHERE span < $span_min OR span > $span_max
RETURN m.uid AS uid, labels(m) AS labels, m.name AS name, cell, null AS net,
       {span: span, leads: leads} AS detail
