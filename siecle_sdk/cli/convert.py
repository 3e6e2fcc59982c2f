"""``siecle convert``: a SIECLE file to JSON and back, nothing lost."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import CountMismatch
from ._common import check_output, existing_path


def _is_json(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(64).lstrip()
    except OSError:
        return False
    return head.startswith(b"{")


@click.command()
@click.argument("src", type=existing_path)
@click.argument("dest", type=click.Path(path_type=Path, dir_okay=False))
def convert(src: Path, dest: Path) -> int:
    """Convertir SRC en DEST.

    Un SRC XML ou zip donne un DEST JSON ; un SRC JSON (écrit par cette commande) redonne le XML,
    dans l'encodage d'origine. Tous les éléments, attributs et valeurs sont conservés.
    """
    check_output(dest, [src], "DEST")
    if _is_json(src):
        from ..io.jsonio import xml_from_json

        head, written = xml_from_json(src, dest)
        total = sum(written.values())
        click.echo(
            f"{dest} écrit ({head.get('kind')}, {total} enregistrements, {head.get('encoding')})."
        )
        return 0
    from ..io.jsonio import write_json
    from ..io.reader import open_document

    with open_document(src) as doc:
        written = write_json(doc, dest)
        if dict(doc.counts) != {k: v for k, v in written.items() if v}:
            dest.unlink(missing_ok=True)
            raise CountMismatch(f"{src} : {dict(doc.counts)} lus mais {written} écrits.")
        click.echo(
            f"{dest} écrit ({doc.kind} {doc.version or ''}, "
            f"{sum(written.values())} enregistrements)."
        )
    return 0
