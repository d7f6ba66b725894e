// The accountability chain of one object (or person) as it stood at $at, in one round trip.
// Sources: the subject itself, then the risk point a hazard was found at, then the
// equipment or area a risk point sits at; owner, cell, standards and duties found on a
// later source are "inherited". From the owner and the cell the chain climbs: micro-cell
// and its lead, cell head and officers, then every net above with its heads.
MATCH (o:GridNode {uid: $uid})
OPTIONAL MATCH (o)-[:FOUND_AT]->(found:RiskPoint)
WITH o, head(collect(found)) AS rp
OPTIONAL MATCH (o)-[:AT]->(at1)
WITH o, rp, head(collect(at1)) AS loc1
OPTIONAL MATCH (rp)-[:AT]->(at2)
WITH o, rp, loc1, head(collect(at2)) AS loc2
WITH o, [x IN [o, rp, coalesce(loc1, loc2)] WHERE x IS NOT NULL] AS nodes
UNWIND range(0, size(nodes) - 1) AS depth
WITH o, depth, nodes[depth] AS s
OPTIONAL MATCH (s)-[ow:OWNED_BY]->(p:Person)
WHERE ow.since <= $at AND (ow.until IS NULL OR ow.until > $at)
WITH o, depth, s,
     collect(CASE WHEN p IS NULL THEN null ELSE
       {uid: p.uid, name: p.name, since: ow.since, until: ow.until} END) AS owners
OPTIONAL MATCH (s)-[:BELONGS_TO|RAISED_IN]->(c:Cell)
WITH o, depth, s, owners, collect(c.uid) AS cells
OPTIONAL MATCH (s)-[g:GOVERNED_BY]->(st:Standard)
WHERE g.since <= $at AND (g.until IS NULL OR g.until > $at)
OPTIONAL MATCH (st)-[:DERIVED_FROM]->(gd:Standard)
WITH o, depth, s, owners, cells,
     collect(CASE WHEN st IS NULL THEN null ELSE
       {uid: st.uid, code: st.code, title: st.title, level: st.level,
        since: g.since, until: g.until,
        guidance_uid: gd.uid, guidance_code: gd.code, guidance_title: gd.title} END) AS standards
OPTIONAL MATCH (d:Duty)-[:APPLIES_TO|CONTROLS]->(s)
OPTIONAL MATCH (d)-[da:ASSIGNED_TO]->(ap:Person)
WHERE da.since <= $at AND (da.until IS NULL OR da.until > $at)
WITH o, depth, s, owners, cells, standards,
     collect(CASE WHEN d IS NULL THEN null ELSE
       {uid: d.uid, title: d.title, role: d.role, matter: d.matter,
        responsibility: d.responsibility, schedule: d.schedule, space: d.space,
        assignee_uid: ap.uid, assignee_name: ap.name, since: da.since, until: da.until} END) AS duties
ORDER BY depth
WITH o, collect({depth: depth, uid: s.uid, name: coalesce(s.name, s.title),
                 labels: labels(s), owners: owners, cells: cells,
                 standards: standards, duties: duties}) AS sources
WITH o, sources,
     [x IN sources WHERE size(x.owners) > 0] AS owned,
     [x IN sources WHERE size(x.cells) > 0] AS placed
WITH o, sources,
     CASE WHEN 'Person' IN labels(o) THEN o.uid ELSE head(owned).owners[0].uid END AS ownerUid,
     head(placed).cells[0] AS placedCell
OPTIONAL MATCH (owner:Person {uid: ownerUid})-[m:MEMBER_OF]->(mc:MicroCell)-[mp:PART_OF]->(mcell:Cell)
WHERE m.since <= $at AND (m.until IS NULL OR m.until > $at)
  AND mp.since <= $at AND (mp.until IS NULL OR mp.until > $at)
WITH o, sources, ownerUid, placedCell,
     collect(CASE WHEN mc IS NULL THEN null ELSE
       {node: mc, uid: mc.uid, name: mc.name, cell: mcell.uid,
        since: m.since, until: m.until} END) AS memberships
WITH o, sources, ownerUid, memberships, coalesce(placedCell, head(memberships).cell) AS cellUid
WITH o, sources, ownerUid, memberships, cellUid,
     coalesce(head([x IN memberships WHERE x.cell = cellUid]), head(memberships)) AS membership
WITH o, sources, ownerUid, memberships, cellUid, membership, membership.node AS lmc
OPTIONAL MATCH (lead:Person)-[lr:LEADS]->(lmc)
WHERE lr.since <= $at AND (lr.until IS NULL OR lr.until > $at)
WITH o, sources, ownerUid, memberships, cellUid, membership,
     collect(CASE WHEN lead IS NULL THEN null ELSE
       {uid: lead.uid, name: lead.name, party_member: lead.party_member,
        since: lr.since, until: lr.until} END) AS leads
OPTIONAL MATCH (cell:Cell {uid: cellUid})
WITH o, sources, ownerUid, memberships, membership, leads, cell
OPTIONAL MATCH (ch:Person)-[hr:HEAD_OF]->(cell)
WHERE hr.since <= $at AND (hr.until IS NULL OR hr.until > $at)
WITH o, sources, ownerUid, memberships, membership, leads, cell,
     collect(CASE WHEN ch IS NULL THEN null ELSE
       {uid: ch.uid, name: ch.name, since: hr.since, until: hr.until} END) AS cellHeads
OPTIONAL MATCH (off:Person)-[orl:OFFICER_OF]->(cell)
WHERE orl.since <= $at AND (orl.until IS NULL OR orl.until > $at)
WITH o, sources, ownerUid, memberships, membership, leads, cell, cellHeads,
     collect(CASE WHEN off IS NULL THEN null ELSE
       {role: orl.role, uid: off.uid, name: off.name, since: orl.since, until: orl.until} END) AS officers
OPTIONAL MATCH path = (cell)-[:PART_OF*1..6]->(n:Net)
WHERE all(r IN relationships(path) WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at))
WITH o, sources, ownerUid, memberships, membership, leads, cell, cellHeads, officers,
     n, length(path) AS distance, last(relationships(path)) AS edge
OPTIONAL MATCH (nh:Person)-[nhr:HEAD_OF]->(n)
WHERE nhr.since <= $at AND (nhr.until IS NULL OR nhr.until > $at)
WITH o, sources, ownerUid, memberships, membership, leads, cell, cellHeads, officers,
     n, distance, edge,
     collect(CASE WHEN nh IS NULL THEN null ELSE
       {uid: nh.uid, name: nh.name, since: nhr.since, until: nhr.until} END) AS netHeads
ORDER BY distance
WITH o, sources, ownerUid, memberships, membership, leads, cell, cellHeads, officers,
     collect(CASE WHEN n IS NULL THEN null ELSE
       {uid: n.uid, name: n.name, level: n.level, kind: n.kind, distance: distance,
        since: edge.since, until: edge.until, heads: netHeads} END) AS nets
RETURN o.uid AS uid, labels(o) AS labels, coalesce(o.name, o.title) AS name,
       sources, ownerUid AS owner_uid,
       [x IN memberships | {uid: x.uid, name: x.name, cell: x.cell, since: x.since, until: x.until}]
         AS memberships,
       CASE WHEN membership IS NULL THEN null ELSE
         {uid: membership.uid, name: membership.name, cell: membership.cell,
          since: membership.since, until: membership.until} END AS membership,
       leads,
       CASE WHEN cell IS NULL THEN null ELSE {uid: cell.uid, name: cell.name} END AS cell,
       cellHeads AS cell_heads, officers, nets
