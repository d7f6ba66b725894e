// The accountability chain of one object (or person) as it stood at $at, and nothing else:
// the subject's sources (the subject itself, then the risk point a hazard was found at, then
// the equipment or area a risk point sits at) with their owners and cells at $at, the
// owner's micro-cell (kept when it is in no cell) and its lead, the cell and its head, every
// net above with its heads.
// Officers, duties and standards are trace_parts.cypher, asked only when wanted.
//
// Written for FalkorDB's costs (docs/performance.md): each relationship walked costs ~35 µs
// whatever it finds, so the walks are few. Lists are pattern comprehensions rather than
// OPTIONAL MATCH + collect() (each collect() groups by every column carried so far); nodes
// are carried rather than looked up again by uid; one walk reads several relationship types
// and the schema of record tells their ends apart (FOUND_AT reaches a RiskPoint, AT an
// Equipment or Area; OWNED_BY reaches a Person, BELONGS_TO and RAISED_IN a Cell); the heads
// of the cell and of every net above are one walk, returned with their unit's uid as read
// (queries.accountability files them under their unit). The first owner and the first cell
// by depth are collected beside the sources (collect() skips the nulls) rather than looked
// for in them, and what is returned is built once, as plain values.
MATCH (o:GridNode {uid: $uid})
WITH o,
     [(o)-[r:FOUND_AT|AT]->(x)
       WHERE coalesce(r.since, '') <= $at AND (r.until IS NULL OR r.until > $at) | x] AS reached
WITH o, head([x IN reached WHERE 'RiskPoint' IN labels(x)]) AS rp,
     head([x IN reached WHERE NOT 'RiskPoint' IN labels(x)]) AS loc1
WITH o, [x IN [o, rp, coalesce(loc1, head([(rp)-[a2:AT]->(at2)
           WHERE coalesce(a2.since, '') <= $at AND (a2.until IS NULL OR a2.until > $at) | at2]))]
         WHERE x IS NOT NULL] AS nodes
UNWIND range(0, size(nodes) - 1) AS depth
WITH o, depth, nodes[depth] AS s
WITH o, depth, s,
     [(s)-[r:OWNED_BY|BELONGS_TO|RAISED_IN]->(x)
       WHERE coalesce(r.since, '') <= $at AND (r.until IS NULL OR r.until > $at) |
       {node: x, person: 'Person' IN labels(x), since: r.since, until: r.until}] AS links
ORDER BY depth
WITH o, collect({depth: depth, uid: s.uid,
                 owners: [x IN links WHERE x.person AND x.since IS NOT NULL |
                          {uid: x.node.uid, name: x.node.name, since: x.since, until: x.until}],
                 cells: [x IN links WHERE NOT x.person | x.node.uid]}) AS sources,
        collect(head([x IN links WHERE x.person AND x.since IS NOT NULL | x.node])) AS owners,
        collect(head([x IN links WHERE NOT x.person | x.node])) AS cells
WITH o, sources, head(cells) AS placedCell,
     CASE WHEN 'Person' IN labels(o) THEN o ELSE head(owners) END AS owner
WITH o, sources, owner, placedCell,
     [(owner)-[m:MEMBER_OF]->(mc) WHERE m.since <= $at AND (m.until IS NULL OR m.until > $at) |
      {node: mc, uid: mc.uid, name: mc.name, since: m.since, until: m.until,
       cellNode: head([(mc)-[mp:PART_OF]->(mcell)
                       WHERE mp.since <= $at AND (mp.until IS NULL OR mp.until > $at) | mcell])}]
       AS memberships
WITH o, sources, owner, memberships,
     coalesce(placedCell, head([x IN memberships WHERE x.cellNode IS NOT NULL]).cellNode) AS cell
WITH o, sources, owner, memberships, cell,
     coalesce(head([x IN memberships WHERE x.cellNode.uid = cell.uid]), head(memberships)) AS membership,
     [path = (cell)-[:PART_OF*1..6]->(n)
        WHERE all(r IN relationships(path) WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at)) |
      {uid: n.uid, name: n.name, level: n.level, distance: length(path),
       since: last(relationships(path)).since, until: last(relationships(path)).until}] AS nets,
     [up = (cell)-[:PART_OF*0..6]->(unit)<-[:HEAD_OF]-(holder)
        WHERE all(u IN relationships(up) WHERE u.since <= $at AND (u.until IS NULL OR u.until > $at)) |
      {unit: unit.uid, uid: holder.uid, name: holder.name,
       since: last(relationships(up)).since, until: last(relationships(up)).until}] AS heads
WITH o, sources, owner, memberships, membership, cell, nets, heads, membership.node AS lmc
RETURN o.uid AS uid, labels(o) AS labels, coalesce(o.name, o.title) AS name,
       sources,
       owner.uid AS owner_uid,
       [x IN memberships | {uid: x.uid, name: x.name, cell: x.cellNode.uid, since: x.since, until: x.until}]
         AS memberships,
       CASE WHEN membership IS NULL THEN null ELSE
         {uid: membership.uid, name: membership.name, cell: membership.cellNode.uid,
          since: membership.since, until: membership.until} END AS membership,
       [(lead)-[lr:LEADS]->(lmc) WHERE lr.since <= $at AND (lr.until IS NULL OR lr.until > $at) |
         {uid: lead.uid, name: lead.name, since: lr.since, until: lr.until}] AS leads,
       CASE WHEN cell IS NULL THEN null ELSE {uid: cell.uid, name: cell.name} END AS cell,
       nets, heads
