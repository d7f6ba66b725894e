"""Every write the product makes: changes to the grid, workflow steps, accounts and audit
entries, each one guarded statement with its audit entry (decision 0005). Sits between
``queries`` (reads) and ``api``; ``seed`` writes through it and ``graph``."""
