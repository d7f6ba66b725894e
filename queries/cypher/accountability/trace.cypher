// The accountability chain of one object (or person) as it stood at $at, in one round trip.
// Sources: the subject itself, then the risk point a hazard was found at, then the
// equipment or area a risk point sits at; owner, cell, standards and duties found on a
// later source are "inherited". From the owner and the cell the chain climbs: micro-cell
// and its lead, cell head and officers, then every net above with its heads.
//
// Written for FalkorDB's costs (measured in bench/, docs/performance.md): every list is
// built by a pattern comprehension where possible rather than OPTIONAL MATCH + collect(),
// because each collect() groups by every column carried so far (the sources list, the
// memberships…) and hashing those dominated the statement; and relationship ends carry no
// label where the schema of record already implies it (OWNED_BY only reaches a Person…),
// which saves a label filter per hop. Same answers as before, about a third less time.
MATCH (o:GridNode {uid: $uid})
WITH o, head([(o)-[:FOUND_AT]->(found) | found]) AS rp, head([(o)-[:AT]->(at1) | at1]) AS loc1
WITH o, rp, coalesce(loc1, head([(rp)-[:AT]->(at2) | at2])) AS loc
WITH o, [x IN [o, rp, loc] WHERE x IS NOT NULL] AS nodes
UNWIND range(0, size(nodes) - 1) AS depth
WITH o, depth, nodes[depth] AS s
OPTIONAL MATCH (s)-[g:GOVERNED_BY]->(st)
WHERE g.since <= $at AND (g.until IS NULL OR g.until > $at)
OPTIONAL MATCH (st)-[:DERIVED_FROM]->(gd)
WITH o, depth, s,
     collect(CASE WHEN st IS NULL THEN null ELSE
       {uid: st.uid, code: st.code, title: st.title, level: st.level,
        since: g.since, until: g.until,
        guidance_uid: gd.uid, guidance_code: gd.code, guidance_title: gd.title} END) AS standards
OPTIONAL MATCH (d)-[:APPLIES_TO|CONTROLS]->(s)
OPTIONAL MATCH (d)-[da:ASSIGNED_TO]->(ap)
WHERE da.since <= $at AND (da.until IS NULL OR da.until > $at)
WITH o, depth, s, standards,
     collect(CASE WHEN d IS NULL THEN null ELSE
       {uid: d.uid, title: d.title, role: d.role, matter: d.matter,
        responsibility: d.responsibility, schedule: d.schedule, space: d.space,
        assignee_uid: ap.uid, assignee_name: ap.name, since: da.since, until: da.until} END) AS duties
WITH o, depth, s, standards, duties,
     [(s)-[ow:OWNED_BY]->(p) WHERE ow.since <= $at AND (ow.until IS NULL OR ow.until > $at) |
       {uid: p.uid, name: p.name, since: ow.since, until: ow.until}] AS owners,
     [(s)-[:BELONGS_TO|RAISED_IN]->(c) | c.uid] AS cells
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
OPTIONAL MATCH (owner:Person {uid: ownerUid})-[m:MEMBER_OF]->(mc)-[mp:PART_OF]->(mcell)
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
OPTIONAL MATCH (cell:Cell {uid: cellUid})
WITH o, sources, ownerUid, memberships, membership, cell,
     [(lead)-[lr:LEADS]->(lmc) WHERE lr.since <= $at AND (lr.until IS NULL OR lr.until > $at) |
       {uid: lead.uid, name: lead.name, party_member: lead.party_member,
        since: lr.since, until: lr.until}] AS leads
RETURN o.uid AS uid, labels(o) AS labels, coalesce(o.name, o.title) AS name,
       sources, ownerUid AS owner_uid,
       [x IN memberships | {uid: x.uid, name: x.name, cell: x.cell, since: x.since, until: x.until}]
         AS memberships,
       CASE WHEN membership IS NULL THEN null ELSE
         {uid: membership.uid, name: membership.name, cell: membership.cell,
          since: membership.since, until: membership.until} END AS membership,
       leads,
       CASE WHEN cell IS NULL THEN null ELSE {uid: cell.uid, name: cell.name} END AS cell,
       [(ch)-[hr:HEAD_OF]->(cell) WHERE hr.since <= $at AND (hr.until IS NULL OR hr.until > $at) |
         {uid: ch.uid, name: ch.name, since: hr.since, until: hr.until}] AS cell_heads,
       [(off)-[orl:OFFICER_OF]->(cell) WHERE orl.since <= $at AND (orl.until IS NULL OR orl.until > $at) |
         {role: orl.role, uid: off.uid, name: off.name, since: orl.since, until: orl.until}] AS officers,
       [path = (cell)-[:PART_OF*1..6]->(n)
          WHERE all(r IN relationships(path) WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at)) |
        {uid: n.uid, name: n.name, level: n.level, kind: n.kind, distance: length(path),
         since: last(relationships(path)).since, until: last(relationships(path)).until,
         heads: [(nh)-[nhr:HEAD_OF]->(n) WHERE nhr.since <= $at AND (nhr.until IS NULL OR nhr.until > $at) |
                 {uid: nh.uid, name: nh.name, since: nhr.since, until: nhr.until}]}] AS nets
