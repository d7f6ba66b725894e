"""Authentication (who is asking) for the HTTP API: password hashes, signed expiring
tokens, login throttling and the per-request principal. What a principal may read is
``queries.visibility``; what they may change is checked where changes are made."""
