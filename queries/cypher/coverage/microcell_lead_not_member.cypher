// Micro-cells in the grid at $at (PART_OF a cell now, or never placed) whose current lead is
// not a current member of the micro-cell they lead (placed in another micro-cell, or in none):
// a lead is one of the micro-cell's people, a party member with the 2–4 they lead.
MATCH (lead:Person)-[l:LEADS]->(m:MicroCell)
WHERE l.since <= $at AND (l.until IS NULL OR l.until > $at)
OPTIONAL MATCH (lead)-[r:MEMBER_OF]->(m)
WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at)
WITH lead, m, r WHERE r IS NULL
WITH m, collect(DISTINCT {uid: lead.uid, name: lead.name,
     micro_cells: [(lead)-[o:MEMBER_OF]->(other)
                   WHERE o.since <= $at AND (o.until IS NULL OR o.until > $at) | other.uid]})
     AS leads
OPTIONAL MATCH (m)-[p:PART_OF]->(c:Cell)
WITH m, leads, count(p) AS ever,
     collect(CASE WHEN p.since <= $at AND (p.until IS NULL OR p.until > $at) THEN c.uid END) AS now
WHERE ever = 0 OR size(now) > 0
WITH m, leads, head(now) AS cell
WHERE $cells IS NULL OR cell IN $cells
RETURN m.uid AS uid, labels(m) AS labels, m.name AS name, cell, null AS net,
       {leads: leads} AS detail
