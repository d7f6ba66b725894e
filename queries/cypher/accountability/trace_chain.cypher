// The accountability chain of one object (or person) as it stood at $at, and nothing else:
// the subject's sources (the subject itself, then the risk point a hazard was found at, then
// the equipment or area a risk point sits at) with their owners and cells at $at, the
// owner's micro-cell (kept when it is in no cell) and its lead, the cell and its head, every
// net above with its heads.
// Officers, duties and standards are trace_parts.cypher, asked only when wanted.
//
// Written for FalkorDB's costs (docs/performance.md): lists are pattern comprehensions
// rather than OPTIONAL MATCH + collect() (each collect() groups by every column carried so
// far), nodes are carried rather than looked up again by uid, and relationship ends carry
// no label where the schema of record already implies it (OWNED_BY only reaches a Person…).
MATCH (o:GridNode {uid: $uid})
WITH o,
     head([(o)-[f:FOUND_AT]->(found)
           WHERE coalesce(f.since, '') <= $at AND (f.until IS NULL OR f.until > $at) | found]) AS rp,
     head([(o)-[a1:AT]->(at1)
           WHERE coalesce(a1.since, '') <= $at AND (a1.until IS NULL OR a1.until > $at) | at1]) AS loc1
WITH o, rp,
     coalesce(loc1, head([(rp)-[a2:AT]->(at2)
              WHERE coalesce(a2.since, '') <= $at AND (a2.until IS NULL OR a2.until > $at) | at2]))
       AS loc
WITH o, [x IN [o, rp, loc] WHERE x IS NOT NULL] AS nodes
UNWIND range(0, size(nodes) - 1) AS depth
WITH o, depth, nodes[depth] AS s
WITH o, depth, s,
     [(s)-[ow:OWNED_BY]->(p) WHERE ow.since <= $at AND (ow.until IS NULL OR ow.until > $at) |
       {node: p, uid: p.uid, name: p.name, since: ow.since, until: ow.until}] AS owners,
     [(s)-[b:BELONGS_TO|RAISED_IN]->(c)
       WHERE coalesce(b.since, '') <= $at AND (b.until IS NULL OR b.until > $at) | c] AS cells
ORDER BY depth
WITH o, collect({depth: depth, uid: s.uid, name: coalesce(s.name, s.title),
                 labels: labels(s), owners: owners, cells: cells}) AS sources
WITH o, sources,
     head([x IN sources WHERE size(x.owners) > 0]) AS owned,
     head([x IN sources WHERE size(x.cells) > 0]) AS placed
WITH o, sources, placed.cells[0] AS placedCell,
     CASE WHEN 'Person' IN labels(o) THEN o ELSE owned.owners[0].node END AS owner
WITH o, sources, owner, placedCell,
     [(owner)-[m:MEMBER_OF]->(mc) WHERE m.since <= $at AND (m.until IS NULL OR m.until > $at) |
      {node: mc, uid: mc.uid, name: mc.name, since: m.since, until: m.until,
       cellNode: head([(mc)-[mp:PART_OF]->(mcell)
                       WHERE mp.since <= $at AND (mp.until IS NULL OR mp.until > $at) | mcell]),
       cell: head([(mc)-[mp:PART_OF]->(mcell)
                   WHERE mp.since <= $at AND (mp.until IS NULL OR mp.until > $at) | mcell.uid])}]
       AS memberships
WITH o, sources, owner, memberships,
     coalesce(placedCell, head([x IN memberships WHERE x.cellNode IS NOT NULL]).cellNode) AS cell
WITH o, sources, owner, memberships, cell,
     coalesce(head([x IN memberships WHERE x.cell = cell.uid]), head(memberships)) AS membership
WITH o, sources, owner, memberships, membership, cell, membership.node AS lmc
RETURN o.uid AS uid, labels(o) AS labels, coalesce(o.name, o.title) AS name,
       [x IN sources | {depth: x.depth, uid: x.uid, name: x.name, labels: x.labels,
         owners: [w IN x.owners | {uid: w.uid, name: w.name, since: w.since, until: w.until}],
         cells: [c IN x.cells | c.uid]}] AS sources,
       owner.uid AS owner_uid,
       [x IN memberships | {uid: x.uid, name: x.name, cell: x.cell, since: x.since, until: x.until}]
         AS memberships,
       CASE WHEN membership IS NULL THEN null ELSE
         {uid: membership.uid, name: membership.name, cell: membership.cell,
          since: membership.since, until: membership.until} END AS membership,
       [(lead)-[lr:LEADS]->(lmc) WHERE lr.since <= $at AND (lr.until IS NULL OR lr.until > $at) |
         {uid: lead.uid, name: lead.name, since: lr.since, until: lr.until}] AS leads,
       CASE WHEN cell IS NULL THEN null ELSE {uid: cell.uid, name: cell.name} END AS cell,
       [(ch)-[hr:HEAD_OF]->(cell) WHERE hr.since <= $at AND (hr.until IS NULL OR hr.until > $at) |
         {uid: ch.uid, name: ch.name, since: hr.since, until: hr.until}] AS cell_heads,
       [path = (cell)-[:PART_OF*1..6]->(n)
          WHERE all(r IN relationships(path) WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at)) |
        {uid: n.uid, name: n.name, level: n.level, distance: length(path),
         since: last(relationships(path)).since, until: last(relationships(path)).until,
         heads: [(nh)-[nhr:HEAD_OF]->(n) WHERE nhr.since <= $at AND (nhr.until IS NULL OR nhr.until > $at) |
                 {uid: nh.uid, name: nh.name, since: nhr.since, until: nhr.until}]}] AS nets
