"""Files in and out: untrusted SIECLE files read through a hardened, streaming reader (``source``,
``reader``, ``nodes``, ``encoding``), XSD validation (``schema`` and the official XSDs in ``xsd/``),
atomic writes and the Jinja environment (``writer``), the JSON form of records (``jsonio``),
SQLite files opened and written one way (``sqlite``). This
layer may import :mod:`siecle_sdk.errors` and :mod:`siecle_sdk.identifiers` only; it knows no rule
and no plugin (the few places where the reader still reaches the formats and the plugin manager
are recorded in ``tests/test_architecture.py`` and must not grow).
"""
