// Micro-cells in the grid at $at (PART_OF a cell now, or never placed) whose current lead
// is not a party member (the micro-grid rule: a party member leads, 党员带群众).
MATCH (lead:Person)-[l:LEADS]->(m:MicroCell)
WHERE NOT lead.party_member AND l.since <= $at AND (l.until IS NULL OR l.until > $at)
WITH m, collect(DISTINCT {uid: lead.uid, name: lead.name}) AS leads
OPTIONAL MATCH (m)-[p:PART_OF]->(c:Cell)
WITH m, leads, count(p) AS ever,
     collect(CASE WHEN p.since <= $at AND (p.until IS NULL OR p.until > $at) THEN c.uid END) AS now
WHERE ever = 0 OR size(now) > 0
WITH m, leads, head(now) AS cell
WHERE $cells IS NULL OR cell IN $cells
RETURN m.uid AS uid, labels(m) AS labels, m.name AS name, cell, null AS net,
       {leads: leads} AS detail
