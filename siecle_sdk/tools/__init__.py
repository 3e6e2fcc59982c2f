"""Tools around the exchange rather than the exchange itself: synthetic schools (``synthetic``),
the benchmark (``bench``), the end-to-end demonstration (``demo``), the qualification kit
(``qualification``) and the plugin skeleton (``scaffold``). This layer may import every layer but
``cli``; the demo and the benchmark drive the CLI as a user would, through the few imports recorded
in ``tests/test_architecture.py``.
"""
