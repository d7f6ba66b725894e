// The whole trace of one object (or person) as it stood at $at, in one round trip: the
// chain of trace_chain.cypher plus, per source, the standards in force (with the guidance
// standard at the top of its DERIVED_FROM cascade, at most 8 steps up) and the duties applying (with their current assignees), and
// the cell's officers. Used when every part is asked (the command line, a full report);
// trace_parts.cypher reads a subset after the chain. The three must agree (tested).
//
// Written for FalkorDB's costs as trace_chain.cypher is (its notes hold here too).
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
       {node: x, person: 'Person' IN labels(x), since: r.since, until: r.until}] AS links,
     [(s)-[g:GOVERNED_BY]->(st) WHERE g.since <= $at AND (g.until IS NULL OR g.until > $at) |
       {uid: st.uid, code: st.code, title: st.title, level: st.level, since: g.since, until: g.until,
        guidance: head([(st)-[:DERIVED_FROM*1..8]->(gd) WHERE NOT (gd)-[:DERIVED_FROM]->() |
                  {uid: gd.uid, code: gd.code, title: gd.title}])}]
       AS standards,
     [(d)-[:APPLIES_TO|CONTROLS]->(s) |
       {uid: d.uid, title: d.title, role: d.role, matter: d.matter,
        responsibility: d.responsibility, schedule: d.schedule, space: d.space,
        assignees: [(d)-[da:ASSIGNED_TO]->(ap) WHERE da.since <= $at AND (da.until IS NULL OR da.until > $at) |
                    {uid: ap.uid, name: ap.name, since: da.since, until: da.until}]}] AS duties
ORDER BY depth
WITH o, collect({depth: depth, uid: s.uid,
                 owners: [x IN links WHERE x.person AND x.since IS NOT NULL |
                          {uid: x.node.uid, name: x.node.name, since: x.since, until: x.until}],
                 cells: [x IN links WHERE NOT x.person | x.node.uid],
                 standards: standards, duties: duties}) AS sources,
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
       [x IN sources | {depth: x.depth, uid: x.uid, owners: x.owners, cells: x.cells}] AS sources,
       [x IN sources | {source: x.uid, standards: x.standards}] AS standards,
       [x IN sources | {source: x.uid, duties: x.duties}] AS duties,
       owner.uid AS owner_uid,
       [x IN memberships | {uid: x.uid, name: x.name, cell: x.cellNode.uid, since: x.since, until: x.until}]
         AS memberships,
       CASE WHEN membership IS NULL THEN null ELSE
         {uid: membership.uid, name: membership.name, cell: membership.cellNode.uid,
          since: membership.since, until: membership.until} END AS membership,
       [(lead)-[lr:LEADS]->(lmc) WHERE lr.since <= $at AND (lr.until IS NULL OR lr.until > $at) |
         {uid: lead.uid, name: lead.name, since: lr.since, until: lr.until}] AS leads,
       CASE WHEN cell IS NULL THEN null ELSE {uid: cell.uid, name: cell.name} END AS cell,
       [(off)-[orl:OFFICER_OF]->(cell) WHERE orl.since <= $at AND (orl.until IS NULL OR orl.until > $at) |
         {role: orl.role, uid: off.uid, name: off.name, since: orl.since, until: orl.until}] AS officers,
       nets, heads
