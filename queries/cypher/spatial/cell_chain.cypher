// The accountability chain above cell $cell at $at: the cell, its heads, every net above with
// its heads (the tail of accountability/trace_chain, for a point located in the cell).
MATCH (cell:Cell {uid: $cell})
RETURN cell.uid AS uid, cell.name AS name,
       [(ch)-[hr:HEAD_OF]->(cell) WHERE hr.since <= $at AND (hr.until IS NULL OR hr.until > $at) |
         {uid: ch.uid, name: ch.name, since: hr.since, until: hr.until}] AS cell_heads,
       [path = (cell)-[:PART_OF*1..6]->(n)
          WHERE all(r IN relationships(path) WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at)) |
        {uid: n.uid, name: n.name, level: n.level, distance: length(path),
         since: last(relationships(path)).since, until: last(relationships(path)).until,
         heads: [(nh)-[nhr:HEAD_OF]->(n) WHERE nhr.since <= $at AND (nhr.until IS NULL OR nhr.until > $at) |
                 {uid: nh.uid, name: nh.name, since: nhr.since, until: nhr.until}]}] AS nets
