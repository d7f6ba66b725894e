"""Mutations: changing the grid (``queries.changes``), running its workflows
(``queries.workflows``) and managing accounts, each checked against the caller's role and
reach before anything is written."""
