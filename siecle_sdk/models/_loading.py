"""Opening a file for a container's ``load``: the expected export, or a French refusal."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import UnusableInput
from ..formats import FormatSpec, Probe
from ..io.reader import Document, open_document

__all__ = ["open_export"]


@contextmanager
def open_export(path: str | Path, spec: FormatSpec) -> Iterator[Document]:
    """Open ``path`` as a ``spec`` file; any other XML is refused with a message naming its root.

    A catch-all format stands beside ``spec`` so that a file of another kind is opened far
    enough to name its root element, instead of failing as an unknown SIECLE file.
    """

    def other(probe: Probe) -> bool:
        return not spec.recognises(probe)

    anything = FormatSpec(name="autre", title="autre fichier", roots=(), detect=other)
    with open_document(path, formats=[spec, anything]) as doc:
        if doc.format is not spec:
            expected = " ou ".join(f"<{root}>" for root in spec.roots)
            raise UnusableInput(
                f"Le fichier {doc.info.display} n'est pas une exportation « {spec.title} » de "
                f"SIECLE : son élément racine est <{doc.root}> (attendu : {expected})."
            )
        yield doc
