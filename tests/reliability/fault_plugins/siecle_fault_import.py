"""An adapter that cannot even be imported (a dependency is missing)."""

from __future__ import annotations

raise ImportError("le module « pilote_odbc » requis par cet adaptateur est introuvable")
