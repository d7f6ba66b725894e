// The parts of a trace beyond its chain, as of $at, only those asked: the officers of $cell
// (null when officers are not asked), the standards in force for the sources $standards_of
// (each with the guidance standard at the top of its cascade, as trace.cypher)
// and the duties applying to the sources $duties_of (each [] when not asked). A part not
// asked costs nothing: an empty list or a null cell matches no node to start from, whereas a
// pattern comprehension behind a CASE would still be walked.
OPTIONAL MATCH (cell:Cell {uid: $cell})
WITH [(off)-[orl:OFFICER_OF]->(cell) WHERE orl.since <= $at AND (orl.until IS NULL OR orl.until > $at) |
       {role: orl.role, uid: off.uid, name: off.name, since: orl.since, until: orl.until}] AS officers
OPTIONAL MATCH (s:GridNode) WHERE s.uid IN $standards_of
WITH officers, s,
     [(s)-[g:GOVERNED_BY]->(st) WHERE g.since <= $at AND (g.until IS NULL OR g.until > $at) |
       {uid: st.uid, code: st.code, title: st.title, level: st.level, since: g.since, until: g.until,
        guidance: head([(st)-[:DERIVED_FROM*1..8]->(gd) WHERE NOT (gd)-[:DERIVED_FROM]->() |
                  {uid: gd.uid, code: gd.code, title: gd.title}])}]
       AS standards
WITH officers, collect({source: s.uid, standards: standards}) AS standards
OPTIONAL MATCH (s:GridNode) WHERE s.uid IN $duties_of
WITH officers, standards, s,
     [(d)-[:APPLIES_TO|CONTROLS]->(s) |
       {uid: d.uid, title: d.title, role: d.role, matter: d.matter,
        responsibility: d.responsibility, schedule: d.schedule, space: d.space,
        assignees: [(d)-[da:ASSIGNED_TO]->(ap) WHERE da.since <= $at AND (da.until IS NULL OR da.until > $at) |
                    {uid: ap.uid, name: ap.name, since: da.since, until: da.until}]}] AS duties
RETURN officers, standards, collect({source: s.uid, duties: duties}) AS duties
