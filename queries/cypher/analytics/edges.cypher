// Analytics projection, edges: (src)-[rel]->(dst) as stored, for the relationship types in
// $rels. kind names the pattern, 'SrcLabel-REL->DstLabel': one column instead of three,
// because parsing rows in the client, not the server, dominates a projection pull.
// Temporal types keep only links current at $at (a BELONGS_TO stored before issue 12 has
// no since: from the beginning); OWNED_BY and BELONGS_TO are those of
// accountable objects (Equipment, Area, WorkItem, RiskPoint). Each branch first checks its
// type against $rels, so a type not asked for costs no scan.
// Types: PART_OF, HEAD_OF, LEADS, MEMBER_OF, OWNED_BY, BELONGS_TO.
WITH $rels AS rels WHERE 'PART_OF' IN rels
MATCH (a:Net)-[r:PART_OF]->(b:Net)
WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at)
RETURN a.uid AS src, 'Net-PART_OF->Net' AS kind, b.uid AS dst
UNION ALL
WITH $rels AS rels WHERE 'PART_OF' IN rels
MATCH (a:Cell)-[r:PART_OF]->(b:Net)
WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at)
RETURN a.uid AS src, 'Cell-PART_OF->Net' AS kind, b.uid AS dst
UNION ALL
WITH $rels AS rels WHERE 'PART_OF' IN rels
MATCH (a:MicroCell)-[r:PART_OF]->(b:Cell)
WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at)
RETURN a.uid AS src, 'MicroCell-PART_OF->Cell' AS kind, b.uid AS dst
UNION ALL
WITH $rels AS rels WHERE 'HEAD_OF' IN rels
MATCH (a:Person)-[r:HEAD_OF]->(b:Net)
WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at)
RETURN a.uid AS src, 'Person-HEAD_OF->Net' AS kind, b.uid AS dst
UNION ALL
WITH $rels AS rels WHERE 'HEAD_OF' IN rels
MATCH (a:Person)-[r:HEAD_OF]->(b:Cell)
WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at)
RETURN a.uid AS src, 'Person-HEAD_OF->Cell' AS kind, b.uid AS dst
UNION ALL
WITH $rels AS rels WHERE 'LEADS' IN rels
MATCH (a:Person)-[r:LEADS]->(b:MicroCell)
WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at)
RETURN a.uid AS src, 'Person-LEADS->MicroCell' AS kind, b.uid AS dst
UNION ALL
WITH $rels AS rels WHERE 'MEMBER_OF' IN rels
MATCH (a:Person)-[r:MEMBER_OF]->(b:MicroCell)
WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at)
RETURN a.uid AS src, 'Person-MEMBER_OF->MicroCell' AS kind, b.uid AS dst
UNION ALL
WITH $rels AS rels WHERE 'OWNED_BY' IN rels
MATCH (a:Equipment)-[r:OWNED_BY]->(b:Person)
WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at)
RETURN a.uid AS src, 'Equipment-OWNED_BY->Person' AS kind, b.uid AS dst
UNION ALL
WITH $rels AS rels WHERE 'OWNED_BY' IN rels
MATCH (a:Area)-[r:OWNED_BY]->(b:Person)
WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at)
RETURN a.uid AS src, 'Area-OWNED_BY->Person' AS kind, b.uid AS dst
UNION ALL
WITH $rels AS rels WHERE 'OWNED_BY' IN rels
MATCH (a:WorkItem)-[r:OWNED_BY]->(b:Person)
WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at)
RETURN a.uid AS src, 'WorkItem-OWNED_BY->Person' AS kind, b.uid AS dst
UNION ALL
WITH $rels AS rels WHERE 'OWNED_BY' IN rels
MATCH (a:RiskPoint)-[r:OWNED_BY]->(b:Person)
WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at)
RETURN a.uid AS src, 'RiskPoint-OWNED_BY->Person' AS kind, b.uid AS dst
UNION ALL
WITH $rels AS rels WHERE 'BELONGS_TO' IN rels
MATCH (a:Equipment)-[r:BELONGS_TO]->(b:Cell)
WHERE coalesce(r.since, '') <= $at AND (r.until IS NULL OR r.until > $at)
RETURN a.uid AS src, 'Equipment-BELONGS_TO->Cell' AS kind, b.uid AS dst
UNION ALL
WITH $rels AS rels WHERE 'BELONGS_TO' IN rels
MATCH (a:Area)-[r:BELONGS_TO]->(b:Cell)
WHERE coalesce(r.since, '') <= $at AND (r.until IS NULL OR r.until > $at)
RETURN a.uid AS src, 'Area-BELONGS_TO->Cell' AS kind, b.uid AS dst
UNION ALL
WITH $rels AS rels WHERE 'BELONGS_TO' IN rels
MATCH (a:WorkItem)-[r:BELONGS_TO]->(b:Cell)
WHERE coalesce(r.since, '') <= $at AND (r.until IS NULL OR r.until > $at)
RETURN a.uid AS src, 'WorkItem-BELONGS_TO->Cell' AS kind, b.uid AS dst
UNION ALL
WITH $rels AS rels WHERE 'BELONGS_TO' IN rels
MATCH (a:RiskPoint)-[r:BELONGS_TO]->(b:Cell)
WHERE coalesce(r.since, '') <= $at AND (r.until IS NULL OR r.until > $at)
RETURN a.uid AS src, 'RiskPoint-BELONGS_TO->Cell' AS kind, b.uid AS dst
