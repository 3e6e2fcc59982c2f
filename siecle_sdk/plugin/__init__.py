"""The plugin system: the hook specifications (``spec``), the records that travel between the SDK
and a vendor adapter (``adapter``: a school, write reports, INE updates) and the plugin manager that
loads the ``siecle_sdk`` entry points and checks what hooks return (``manager``). This layer may
import ``io``, ``models``, ``formats`` and the package root (errors, identifiers); rule classes
are only named for typing.
"""
