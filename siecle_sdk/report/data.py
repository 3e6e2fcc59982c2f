"""The compte-rendu as one JSON-ready object."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from ..rules.engine import Report
from . import SECTION_TITLES, section_rows
from .summary import rule_labels, verdict

__all__ = ["report_data"]


def report_data(report: Report) -> dict[str, Any]:
    """Counts, findings of sections 1-8, sections' sizes, context and verdict."""
    grouped = section_rows(report)
    findings = []
    for number in SECTION_TITLES:
        for row in grouped[number]:
            item = asdict(row)
            item["identifiers"] = row.identifiers
            findings.append(item)
    return {
        "file": str(report.file),
        "uai": report.uai,
        "school_year": report.school_year,
        "version": report.version,
        "counts": report.counts,
        "deposit_errors": report.deposit_errors,
        "deposit_count": report.deposit_count,
        "notices": report.notices,
        "findings": findings,
        "sections": {
            str(n): {
                "title": SECTION_TITLES[n],
                "count": len(grouped[n]),
                "checked": not (
                    (n == 7 and report.absent is None) or (n == 8 and report.changes is None)
                ),
            }
            for n in SECTION_TITLES
        },
        "blocking": report.blocking,
        "rule_labels": rule_labels(report),
        "disabled_rules": report.disabled,
        "context": {k: str(v) for k, v in report.context.items()},
        "verdict": verdict(report),
    }
