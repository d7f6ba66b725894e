"""Command groups of the `redgrid` command line, registered in ``api.cli``."""
