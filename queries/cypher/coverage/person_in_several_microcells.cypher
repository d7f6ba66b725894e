// People with current memberships of two or more micro-cells at $at (every employee is
// responsible in exactly one cell, 责集一格). Placed in the cell of the newest membership.
// People with fewer than two MEMBER_OF edges of any time are ruled out first.
MATCH (p:Person)-[e:MEMBER_OF]->()
WITH p, count(e) AS edges
WHERE edges > 1
MATCH (p)-[r:MEMBER_OF]->(mc:MicroCell)
WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at)
WITH p, mc, max(r.since) AS joined
WITH p, collect({node: mc, since: joined}) AS current
WHERE size(current) > 1
UNWIND current AS membership
WITH p, membership.node AS mc, membership.since AS joined
OPTIONAL MATCH (mc)-[mp:PART_OF]->(c:Cell)
WHERE mp.since <= $at AND (mp.until IS NULL OR mp.until > $at)
WITH p, mc, joined, head(collect(c.uid)) AS mcCell
ORDER BY joined DESC, mc.uid
WITH p, collect({micro_cell: mc.uid, cell: mcCell, since: joined}) AS memberships
WITH p, memberships, memberships[0].cell AS cell
WHERE $cells IS NULL OR cell IN $cells
RETURN p.uid AS uid, labels(p) AS labels, p.name AS name, cell, null AS net,
       {memberships: memberships} AS detail
