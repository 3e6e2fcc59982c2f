"""The application layer of the exchange with SIECLE: plain functions that take paths and options
and return typed results, called by the CLI and by any other front end, which only render them.
``pull`` (SIECLE's exports into a vendor's data, and the INE return), ``push`` (the vendor's data
to the deposit zip: read, write, check once, zip, record), ``check`` (an import file checked as
SIECLE will) and ``history`` (the lines of the history, the school's software name); beneath
them, ``takeover``, ``ine_return`` and ``export_audit`` (reading SIECLE's exports),
``import_writer`` and ``packaging`` (the import file and its zip) and ``ledger`` (the history
file). It may import every layer below it: ``io``, ``models``, ``formats``, ``plugin``,
``rules``, ``report``, ``sandbox`` and the package root; never ``doctor``, ``tools`` or ``cli``.
"""
