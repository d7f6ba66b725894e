// Audit entries about one node, newest first.
// $uid: the node's uid; $hidden: operations left out; $limit: how many.
MATCH (a:AuditEntry)
WHERE a.target = $uid AND NOT a.operation IN $hidden
RETURN a
ORDER BY a.at DESC, a.uid DESC
LIMIT $limit
