// The accountability chain above cell $cell at $at: the cell, every net above, and the heads
// of each read in one walk with their unit's uid (the tail of accountability/trace_chain, for
// a point located in the cell; queries.accountability files the heads under their unit).
MATCH (cell:Cell {uid: $cell})
RETURN cell.uid AS uid, cell.name AS name,
       [path = (cell)-[:PART_OF*1..6]->(n)
          WHERE all(r IN relationships(path) WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at)) |
        {uid: n.uid, name: n.name, level: n.level, distance: length(path),
         since: last(relationships(path)).since, until: last(relationships(path)).until}] AS nets,
       [up = (cell)-[:PART_OF*0..6]->(unit)<-[:HEAD_OF]-(holder)
          WHERE all(u IN relationships(up) WHERE u.since <= $at AND (u.until IS NULL OR u.until > $at)) |
        {unit: unit.uid, uid: holder.uid, name: holder.name,
         since: last(relationships(up)).since, until: last(relationships(up)).until}] AS heads
