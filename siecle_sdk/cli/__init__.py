"""The ``siecle`` command line: one module per command, click speaking French."""

from .french import install

install()
