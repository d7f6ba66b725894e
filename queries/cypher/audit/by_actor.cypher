// Audit entries written by one actor from $since to $until inclusive, newest first.
// $actor: username; $hidden: operations left out;
// $since, $until: instants (YYYY-MM-DDTHH:MM:SSZ); $limit: how many.
MATCH (a:AuditEntry)
WHERE a.actor = $actor AND NOT a.operation IN $hidden AND a.at >= $since AND a.at <= $until
RETURN a
ORDER BY a.at DESC, a.uid DESC
LIMIT $limit
