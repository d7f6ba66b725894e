// Which of the given nodes lay outside their lifetime at an instant: retired at or before it,
// or not yet in the organisation — a person who joined later (joined_on), equipment
// commissioned later (commissioned_on), or an equipment, area or work item whose every
// placement in a cell (BELONGS_TO since) begins later (a placement without since counts
// from the beginning; a node with no start date has always been there).
// $uids: node uids; $at: instant (YYYY-MM-DDTHH:MM:SSZ); a date compares as its start.
UNWIND $uids AS uid
MATCH (n:GridNode {uid: uid})
OPTIONAL MATCH (n)-[b:BELONGS_TO]->(:Cell)
WITH n, count(b) AS placements, min(coalesce(b.since, '')) AS placed
WHERE (n.retired_at IS NOT NULL AND n.retired_at <= $at)
   OR coalesce(n.joined_on, n.commissioned_on, '') > $at
   OR (placements > 0 AND placed > $at AND (n:Equipment OR n:Area OR n:WorkItem))
RETURN n.uid AS uid
