// One account by username (no row when there is none).
// $username: the account's name.
MATCH (u:User {username: $username})
RETURN u
