// Equipment, areas and work items whose owner at $at is not, at $at, a member of any
// micro-cell of the cell the object belonged to at $at: they answer for something outside
// their cell.
// Anchored on cells: each cell's current members are collected once (as uids, which
// compare faster than nodes), ownerships pointing outside that set are kept, and only
// those few are tested for being current and for the object's kind. The kind is tested on a
// renamed variable (object) so that FalkorDB cannot move that test before the membership
// test: there it read three labels of all 454,672 linked nodes at scale 10 (~0.35 s).
MATCH (c:Cell)
WHERE $cells IS NULL OR c.uid IN $cells
OPTIONAL MATCH (c)<-[mp:PART_OF]-(:MicroCell)<-[m:MEMBER_OF]-(p:Person)
WITH c, collect(CASE WHEN mp.since <= $at AND (mp.until IS NULL OR mp.until > $at)
                      AND m.since <= $at AND (m.until IS NULL OR m.until > $at)
                     THEN p.uid END) AS members
MATCH (c)<-[b:BELONGS_TO]-(o)-[r:OWNED_BY]->(owner)
WHERE NOT owner.uid IN members
WITH c, o AS object, r, owner, b
WHERE (object:Equipment OR object:Area OR object:WorkItem)
  AND r.since <= $at AND (r.until IS NULL OR r.until > $at)
  AND coalesce(b.since, '') <= $at AND (b.until IS NULL OR b.until > $at)
OPTIONAL MATCH (owner)-[om:MEMBER_OF]->(:MicroCell)-[omp:PART_OF]->(own:Cell)
WHERE om.since <= $at AND (om.until IS NULL OR om.until > $at)
  AND omp.since <= $at AND (omp.until IS NULL OR omp.until > $at)
WITH c, object AS o, owner, collect(DISTINCT own.uid) AS ownerCells
RETURN o.uid AS uid, labels(o) AS labels, o.name AS name, c.uid AS cell, null AS net,
       {owner: owner.uid, owner_name: owner.name, owner_cells: ownerCells} AS detail
