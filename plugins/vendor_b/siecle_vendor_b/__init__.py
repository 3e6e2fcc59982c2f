"""siecle-sdk adapter for the vendor_b school software, whose data is one SQLite database.

The hooks are in :mod:`siecle_vendor_b.plugin`; the layout and its migrations in
:mod:`siecle_vendor_b.schema`; a sample school in :mod:`siecle_vendor_b.sample`.
"""

from __future__ import annotations

__version__ = "0.1.0"
