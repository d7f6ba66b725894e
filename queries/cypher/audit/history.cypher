// Audit entries about one node, newest first.
// $uid: the node's uid; $limit: how many.
MATCH (a:AuditEntry)
WHERE a.target = $uid
RETURN a
ORDER BY a.at DESC, a.uid DESC
LIMIT $limit
