// Which of the given nodes were retired at or before an instant.
// $uids: node uids; $at: instant (YYYY-MM-DDTHH:MM:SSZ).
UNWIND $uids AS uid
MATCH (n:GridNode {uid: uid})
WHERE n.retired_at IS NOT NULL AND n.retired_at <= $at
RETURN n.uid AS uid
