"""Writing files: Jinja templates streamed to disk, atomically, in the target encoding.

Every output goes through a template of ``templates/`` (a vendor plugin may override one), is
streamed chunk by chunk into a temporary file next to its destination, and is moved into place only
once complete: a crash or Ctrl-C never leaves a half-written file under the final name.
"""

from __future__ import annotations

import base64
import codecs
import contextlib
import datetime as dt
import errno
import hashlib
import os
import secrets
import shutil
import stat
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import jinja2
from markupsafe import Markup

from ..errors import UnencodableCharacter, UnusableInput
from .encoding import Normaliser
from .nodes import (
    _ILLEGAL,
    Node,
    escape_attr,
    escape_text,
    is_plain,
    qualified,
    start_tag,
    to_xml,
)

__all__ = [
    "Block",
    "atomic_path",
    "atomic_write",
    "environment",
    "render_to_file",
    "write_bee_document",
    "zip_alone",
]

#: XML encoding label written in the declaration, per Python codec name
XML_LABELS = {
    "iso8859-15": "ISO-8859-15",
    "utf-8": "UTF-8",
    "iso8859-1": "ISO-8859-1",
    "cp1252": "windows-1252",
    "latin-1": "ISO-8859-1",
}


def xml_label(codec: str) -> str:
    """The label to declare in ``<?xml ... encoding="..."?>`` for a Python codec name."""
    return XML_LABELS.get(codec, codec.upper())


def _refuse_special(target: Path) -> None:
    """An existing ``target`` that is not a regular file (a folder, a device, a pipe) is never
    replaced by a file."""
    try:
        mode = target.stat().st_mode
    except OSError:
        return
    if not stat.S_ISREG(mode):
        what = "un dossier" if stat.S_ISDIR(mode) else "un fichier spécial (périphérique, tube…)"
        raise UnusableInput(
            f"{target} est {what} : il n'est pas remplacé. Indiquez le chemin d'un fichier."
        )


def _create_temporary(target: Path) -> tuple[int, str]:
    """A new empty file beside ``target`` (``.NAME.XXXXXXXX.part``), created with the user's
    usual permissions (``0o666`` less the umask), never over an existing file."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        name = str(target.parent / f".{target.name}.{secrets.token_hex(4)}.part")
        try:
            return os.open(name, flags, 0o666), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(target.parent))


def _keep_mode(fd: int, target: Path) -> None:
    """A file that replaces another keeps the other's permission bits."""
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)


@contextmanager
def atomic_write(path: str | Path, mode: str = "wb", *, replace: bool = True) -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path``; move it over ``path`` only if the block succeeds.

    The file gets the user's usual permissions (those of the file it replaces, else ``0o666``
    less the umask). A ``path`` that is a folder or a device is refused, never replaced; with
    ``replace=False`` an existing ``path`` is not replaced either (:class:`FileExistsError`).
    """
    with _atomic(path, mode, replace) as (handle, _):
        yield handle


@contextmanager
def atomic_path(path: str | Path, *, replace: bool = True) -> Iterator[Path]:
    """The name of a new empty file beside ``path``, for a writer that needs a name rather than
    a handle (SQLite); the file is moved over ``path`` only if the block succeeds, with the
    guarantees of :func:`atomic_write`."""
    with _atomic(path, "wb", replace) as (_, name):
        yield Path(name)


@contextmanager
def _atomic(path: str | Path, mode: str, replace: bool) -> Iterator[tuple[IO[Any], str]]:
    """The temporary file of :func:`atomic_write`, opened, and its name."""
    target = Path(path)
    _refuse_special(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _create_temporary(target)
    try:
        _keep_mode(fd, target)
        with os.fdopen(fd, mode) as handle:
            yield handle, tmp
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            _refuse_special(target)
            os.replace(tmp, target)
        else:
            _link_new(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and exc.filename is None:
            exc.filename = str(target)  # a failed write names the file it was for
        raise


def _link_new(tmp: str, target: Path) -> None:
    """Give the complete file ``tmp`` the name ``target``, which must not exist yet (a hard
    link, atomic, fails when the name is taken); ``tmp`` is then removed."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError:
        # a file system without hard links: claim the name, then move the file over it
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        os.replace(tmp, target)
        return
    os.unlink(tmp)


# --- Jinja environment --------------------------------------------------------------------


def core_templates() -> Path:
    """Folder of the core templates: ``siecle_sdk/templates`` once installed, ``templates/``
    beside the package when it is imported from a source checkout."""
    from importlib.resources import files

    try:
        return Path(str(files("siecle_sdk.templates")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / "templates"


def _core_loader() -> jinja2.BaseLoader:
    return jinja2.FileSystemLoader(core_templates())


@lru_cache(maxsize=16)
def environment(extra_dirs: tuple[str, ...] = ()) -> jinja2.Environment:
    """The template environment: ``extra_dirs`` (vendor overrides) before the core templates.

    Core templates are also reachable as ``core/<name>`` so that an override can extend them.
    """
    core = _core_loader()
    loader = jinja2.ChoiceLoader(
        [
            *(jinja2.FileSystemLoader(d) for d in extra_dirs),
            jinja2.PrefixLoader({"core": core}, delimiter="/"),
            core,
        ]
    )
    env = jinja2.Environment(
        loader=loader,
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("xml", "html"), default_for_string=True, default=False
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["node_xml"] = lambda node, depth=0, nsmap=None: Markup(to_xml(node, depth, nsmap))
    env.filters["xml_text"] = lambda value, tag="": Markup(escape_text(str(value), tag))
    env.filters["xml_attr"] = lambda value: Markup(escape_attr(str(value)))
    env.tests["plain_node"] = is_plain
    env.filters["csp_hash"] = jinja2.pass_environment(_csp_hash)
    env.filters["start_tag"] = lambda tag, attrs=None, nsmap=None, declare=False: Markup(
        start_tag(tag, attrs, nsmap or {}, declare=declare)
    )
    return env


def _csp_hash(env: jinja2.Environment, name: str) -> Markup:
    """The Content-Security-Policy source (``'sha256-…'``) allowing the inline script made by the
    template ``name``, rendered as ``{% include name %}`` renders it (it takes no variable)."""
    text = env.get_template(name).render()
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return Markup(f"'sha256-{digest}'")


def render_to_file(
    template: str,
    path: str | Path,
    encoding: str,
    context: Mapping[str, Any],
    *,
    template_dirs: Iterable[str | Path] = (),
    references: bool = False,
    before_commit: Callable[[Path], None] | None = None,
) -> Path:
    """Render ``template`` with ``context`` into ``path`` (atomically, streamed, strictly encoded).

    Values must already fit ``encoding`` (see :class:`~siecle_sdk.io.encoding.Normaliser`); a value
    that does not is refused, never written as ``?`` — or, with ``references``, written as a
    character reference (``&#8217;``), which keeps it exactly (``siecle convert``).
    ``before_commit`` receives the complete temporary file before it takes its final name (to
    count or validate it): an exception there leaves no file behind.
    """
    env = environment(tuple(str(d) for d in template_dirs))
    tmpl = env.get_template(template)
    # one encoder for the whole file: a byte-order mark (UTF-16) is written once, at the start
    encoder = codecs.getincrementalencoder(encoding)(
        "xmlcharrefreplace" if references else "strict"
    )
    with _atomic(path, "wb", True) as (handle, draft):
        buffer: list[str] = []
        size = 0
        for chunk in tmpl.generate(**context):
            buffer.append(chunk)
            size += len(chunk)
            if size > 1 << 16:
                _flush(handle, buffer, encoder, encoding)
                size = 0
        _flush(handle, buffer, encoder, encoding, final=True)
        if before_commit is not None:
            handle.flush()
            before_commit(Path(draft))
    return Path(path)


def _flush(
    handle: IO[bytes],
    buffer: list[str],
    encoder: codecs.IncrementalEncoder,
    encoding: str,
    final: bool = False,
) -> None:
    text = "".join(buffer)
    buffer.clear()
    try:
        handle.write(encoder.encode(text, final))
    except UnicodeEncodeError as exc:
        char = exc.object[exc.start]
        context = exc.object[max(0, exc.start - 60) : exc.start + 20].replace("\n", " ")
        raise UnencodableCharacter(
            f"le caractère « {char} » (U+{ord(char):04X}) ne peut pas être écrit en "
            f"{encoding.upper()} (près de « {context.strip()} »)."
        ) from None


# --- BEE-like documents from nodes -------------------------------------------------------


@dataclass
class Block:
    """A ``DONNEES`` block to write: its tag, attributes and records (nodes, streamed)."""

    tag: str
    records: Iterable[Node]
    attrs: dict[str, str] = field(default_factory=dict)
    text: str | None = None

    def rows(self) -> Iterator[Node]:
        """The records (iterated once)."""
        return iter(self.records)


class _FittedBlock:
    """A block whose records are made to fit the output encoding, with a peek for emptiness."""

    def __init__(self, block: Block, fit: _Fitter, count: dict[str, int]) -> None:
        self.tag = block.tag
        self.attrs = block.attrs
        self._block = block
        count.setdefault(block.tag, 0)
        self._rows = (self._counted(fit(node), count) for node in block.rows())
        self._first = next(self._rows, None)

    def _counted(self, node: Node, count: dict[str, int]) -> Node:
        count[self.tag] += 1
        return node

    @property
    def text(self) -> str | None:
        return self._block.text

    @property
    def empty(self) -> bool:
        return self._first is None

    def __iter__(self) -> Iterator[Node]:
        if self._first is not None:
            yield self._first
            yield from self._rows


class _Fitter:
    """Makes every text of a node fit the output encoding, naming the record on failure."""

    def __init__(self, normaliser: Normaliser) -> None:
        self.normaliser = normaliser

    def __call__(self, node: Node) -> Node:
        if not self.normaliser.active or self._fits(node):
            return node
        return self._fit(node, _label(node))

    def _fits(self, node: Node) -> bool:
        """Whether ``to_xml(node)`` can be encoded as it is (the names and values it writes
        encode, and no value holds an XML-illegal character), without serialising it."""
        names: list[str] = []
        values: list[str] = []
        _strings(node, names, values)
        written = "".join(values)
        if not written.isprintable() and any(char in _ILLEGAL for char in written):
            return False
        written += "".join(names)
        if written.isascii():
            return True
        try:
            written.encode(self.normaliser.encoding)
        except UnicodeEncodeError:
            return False
        return True

    def _fit(self, node: Node, record: str) -> Node:
        fixed = dict(node)
        if "attrs" in node:
            fixed["attrs"] = {
                k: self.normaliser(v, record, f"@{k}") for k, v in node["attrs"].items()
            }
        for key in ("text", "tail"):
            if key in node:
                fixed[key] = self.normaliser(node[key], record, node["tag"])
        if "children" in node:
            fixed["children"] = [self._fit(child, record) for child in node["children"]]
        return fixed


def _strings(node: Node, names: list[str], values: list[str], compact: bool = False) -> None:
    """The element and attribute names and the values :func:`~siecle_sdk.io.nodes.to_xml` writes
    for ``node`` (``compact``: inside mixed content, where every tail is written)."""
    tag = node["tag"]
    names.append(qualified(tag, {}) if tag[0] == "{" else tag)
    attrs = node.get("attrs")
    if attrs:
        for name, value in attrs.items():
            names.append(qualified(name, {}) if name[0] == "{" else name)
            values.append(value)
    values.append(node.get("text", ""))
    children = node.get("children")
    if not children:
        tail = node.get("tail")
        if tail:
            values.append(tail)
        return
    compact = compact or "text" in node or any("tail" in child for child in children)
    for child in children:
        _strings(child, names, values, compact)
        if compact and child.get("children") and child.get("tail"):
            values.append(child["tail"])


def _label(node: Node) -> str:
    ids = [f"{k}={v}" for k, v in (node.get("attrs") or {}).items()]
    for child in node.get("children", ()):
        if child["tag"] in ("ID_PRV_ELE", "ID_PRV_PER", "ELEVE_ID", "PERSONNE_ID", "CODE_MEF"):
            ids.append(f"{child['tag']}={child.get('text', '')}")
    return f"<{node['tag']}>" + (f" ({', '.join(ids)})" if ids else "")


def write_bee_document(
    path: str | Path,
    *,
    root: str,
    attrs: Mapping[str, str],
    before: Iterable[Node],
    blocks: Iterable[Block],
    after: Iterable[Node] = (),
    encoding: str = "iso8859-15",
    nsmap: Mapping[str, str] | None = None,
    data_tag: str | None = "DONNEES",
    data_attrs: Mapping[str, str] | None = None,
    template: str = "bee_export.xml",
    template_dirs: Iterable[str | Path] = (),
    lossless: bool = False,
    check_counts: Callable[[dict[str, int]], None] | None = None,
) -> dict[str, int]:
    """Write a document laid out as SIECLE writes its exports; returns records written per block.

    Layout: declaration on line 1, root on line 2, two-space indentation, one element per line,
    empty elements as ``<X></X>``. Text is made to fit the encoding by the documented rule, or,
    with ``lossless``, kept exactly: a character the encoding lacks is written as a character
    reference. ``check_counts`` receives the records written per block before the file takes its
    final name.
    """
    normaliser = Normaliser("utf-8" if lossless else encoding)
    count: dict[str, int] = {}
    fitter = _Fitter(normaliser)
    uri_to_prefix = dict(nsmap or {})
    context = {
        "encoding_label": xml_label(encoding),
        "root": root,
        "root_attrs": dict(attrs),
        "nsmap": uri_to_prefix,
        "before": [fitter(n) for n in before],
        "blocks": (_FittedBlock(b, fitter, count) for b in blocks),
        "after": (fitter(n) for n in after),
        "data_tag": data_tag,
        "data_attrs": dict(data_attrs or {}),
    }
    render_to_file(
        template,
        path,
        encoding,
        context,
        template_dirs=template_dirs,
        references=lossless,
        before_commit=(lambda _: check_counts(count)) if check_counts is not None else None,
    )
    return count


def zip_alone(source: Path, target: Path, member: str, when: dt.datetime) -> None:
    """Put ``source`` alone in the zip ``target`` as ``member`` dated ``when``, atomically (as
    SIECLE delivers an export: one XML file per zip)."""
    info = zipfile.ZipInfo(member, date_time=when.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.file_size = os.path.getsize(source)
    with (
        atomic_write(target) as handle,
        zipfile.ZipFile(handle, "w") as archive,
        source.open("rb") as src,
        archive.open(info, "w") as dst,
    ):
        shutil.copyfileobj(src, dst, 1 << 20)
