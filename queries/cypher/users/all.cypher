// Every account, by username.
MATCH (u:User)
RETURN u
ORDER BY u.username
