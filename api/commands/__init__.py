"""The commands of the ``redgrid`` command line, one module per command or command group,
registered in ``api.cli``; what they share is in ``api.commands.common``."""
