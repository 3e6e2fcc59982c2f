"""``inspect``: what a file is, read to its end without changing anything."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..identifiers import school_problem
from ..io.reader import open_document
from .export_audit import ExportAudit

__all__ = ["describe"]


def describe(path: Path) -> dict[str, Any]:
    """Read ``path`` to its end and describe it (kind, version, school, counts, and the
    inconsistencies of an export)."""
    with open_document(path) as doc:
        distinct: dict[str, tuple[str, str, set[str]]] = {}
        for name, where in doc.format.counts.items():
            if "/" in where:
                block, child = where.split("/", 1)
                distinct[block] = (name, child, set())
        audit = ExportAudit() if doc.kind in ("eleves", "responsables") else None
        if audit is not None:
            audit.begin(doc.kind, path)
        models = doc.format.records

        def extract(block: str, element: Any) -> None:
            if audit is not None:
                audit.element(block, element, models.get(block))
            wanted = distinct.get(block)
            if wanted is not None:
                for item in element:
                    if item.tag == wanted[1]:
                        wanted[2].add(item.text or "")
                        break

        if distinct or audit is not None:
            for _ in doc.extracted(extract, {*models, *distinct}):
                pass
        else:
            doc.drain()
        counts: dict[str, int] = {}
        for name, where in doc.format.counts.items():
            if "/" in where:
                counts[name] = len(distinct[where.split("/", 1)[0]][2])
            else:
                counts[name] = doc.counts.get(where, 0)
        parameters = doc.parameters
        version_note = None
        if doc.format.versions and doc.version not in doc.format.versions:
            version_note = (
                f"version {doc.version!r} jamais rencontrée pour ce format "
                f"(connues : {', '.join(doc.format.versions)}) : lue au mieux"
            )
        faults: list[str] = []
        notes: list[str] = []
        if doc.kind != "import-eleves":
            problem = school_problem(doc.uai, doc.school_year)
            if problem is not None:
                faults.append(f"{problem} : ce fichier ne dit pas de quel établissement il vient")
        if audit is not None:
            found = audit.result(
                with_eleves=doc.kind == "eleves", with_responsables=doc.kind == "responsables"
            )
            faults += found.faults
            notes += found.notes
        return {
            "file": str(path),
            "member": doc.info.member,
            "kind": doc.kind,
            "title": doc.format.title,
            "variant": doc.variant,
            "root": doc.root,
            "version": doc.version,
            "uai": doc.uai,
            "school_year": doc.school_year,
            "encoding": doc.info.declared_encoding or doc.info.encoding.upper(),
            "exported": parameters.get("HORODATAGE")
            or parameters.get("DATE_EXPORT")
            or parameters.get("DATE_IMPORT"),
            "counts": counts,
            "blocks": dict(sorted(doc.counts.items())),
            "empty_blocks": sorted(b for b in doc.blocks_seen if not doc.counts.get(b)),
            "warnings": [version_note] if version_note else [],
            "faults": faults,
            "notes": notes,
        }
