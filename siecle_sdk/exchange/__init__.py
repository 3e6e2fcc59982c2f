"""The application layer of the exchange with SIECLE: taking a school's pupils over from SIECLE's
exports (``takeover``, ``ine_return``, ``export_audit``), writing the ``IMPORT_ELEVES`` file
(``import_writer``) and its deposit zip (``packaging``), and the history of what was checked and
sent (``ledger``). The CLI and any other front end call this layer and render what it returns. It
may import every layer below it: ``io``, ``models``, ``formats``, ``plugin``, ``rules``,
``report``, ``sandbox`` and the package root; never ``doctor``, ``tools`` or ``cli``.
"""
