"""``python -m siecle_sdk`` runs the ``siecle`` command."""

from .cli.main import main

main()
