"""The pages for the school's staff, in French: the steps of the exchange as a path.

Each page is a form posted to itself (with its session's CSRF token) whose result is the page the
CLI writes with ``--format html`` (checklist, compte-rendu anticipé, tableau de bord), or a zip to
download. Nothing here decides anything: the same application-layer functions as the CLI.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from .. import __version__
from ..doctor.dashboard import compute_dashboard
from ..doctor.render import checklist_html, dashboard_html
from ..doctor.run import run_doctor
from ..errors import SiecleError
from ..exchange.check import check, record_check
from ..exchange.history import history
from ..exchange.push import PushRequest, PushStopped, push
from ..french import year_label
from ..io.writer import environment
from ..plugin.manager import get_manager
from ..report import SECTION_TITLES
from ..report.html import render_html
from ..sandbox import DepositRefused, Sandbox
from .api import EXPORT_FIELDS
from .errors import ApiError
from .security import COOKIE, content_policy
from .uploads import Uploads, uploads

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

STEPS = (
    ("/verifier", "Vérifier SIECLE"),
    ("/controler", "Contrôler un fichier"),
    ("/envoi", "Préparer l'envoi"),
    ("/historique", "Historique"),
    ("/tableau-de-bord", "Tableau de bord"),
    ("/bac-a-sable", "Bac à sable"),
)

_EXPORT_LABELS = {
    "nomenclature": "Export Nomenclature",
    "structures": "Export Structures",
    "communs": "Export Communs",
    "eleves": "Dernier export Élèves",
    "responsables": "Dernier export Responsables",
    "geographique": "Export Géographique",
    "etablissements": "Export Établissements",
}


@dataclass(frozen=True)
class Field:
    """One field of a page's form."""

    name: str
    label: str
    kind: str = "file"
    help: str = ""
    required: bool = False
    multiple: bool = False
    choices: tuple[str, ...] = ()


_EXPORTS_FIELDS = tuple(Field(name, _EXPORT_LABELS[name]) for name in EXPORT_FIELDS)
_ALL_EXPORTS = Field(
    "exports",
    "Exports SIECLE",
    help="Les exports XML ou zip de SIECLE et STSweb, dans n'importe quel ordre "
    "(Nomenclature, Structures, Communs, Élèves, Responsables…).",
    required=True,
    multiple=True,
)


def _render(request: Request, current: str, title: str, intro: str, **context: Any) -> str:
    """The page ``current`` of the path; ``context``: ``form`` and ``submit``, ``rows`` and
    ``header``, ``links``, ``error``."""
    guard = request.app.state.guard
    session = guard.session(request)
    page: str = (
        environment()
        .get_template("serve.html")
        .render(
            steps=STEPS,
            current=current,
            title=title,
            intro=intro,
            csrf=guard.csrf(session) if session else "",
            version=__version__,
            form=context.pop("form", None),
            submit=context.pop("submit", "Envoyer"),
            rows=context.pop("rows", None),
            error=context.pop("error", None),
            links=context.pop("links", None),
            header=context.pop("header", ()),
        )
    )
    return page


def _html(page: str, status: int = 200) -> HTMLResponse:
    response = HTMLResponse(page, status_code=status)
    response.headers["Content-Security-Policy"] = content_policy(_script_hashes())
    return response


def _script_hashes() -> str:
    """The hashes of the inline scripts of the pages (theirs and the reports')."""
    template = '{{ "compte-rendu.js" | csp_hash }} {{ "serve.js" | csp_hash }}'
    text: str = environment().from_string(template).render()
    return text


async def _form(request: Request) -> FormData:
    form = await request.form()
    request.app.state.guard.check_csrf(request.cookies.get(COOKIE), _text(form, "csrf"))
    return form


def _text(form: FormData, name: str) -> str | None:
    value = form.get(name)
    return value if isinstance(value, str) else None


def _files(form: FormData, name: str) -> list[UploadFile]:
    return [v for v in form.getlist(name) if isinstance(v, UploadFile) and (v.filename or v.size)]


async def _save_exports(form: FormData, saved: Uploads) -> dict[str, Path | None]:
    exports: dict[str, Path | None] = {}
    for name in EXPORT_FIELDS:
        given = _files(form, name)
        exports[name] = await saved.save(given[0], name) if given else None
    return exports


# --- home -----------------------------------------------------------------------------------


@router.get("/")
async def home(request: Request) -> Response:
    links = [
        ("/verifier", "Vérifier SIECLE", "les exports disent-ils que SIECLE est prêt ?"),
        ("/controler", "Contrôler un fichier", "le compte-rendu anticipé d'un fichier d'import"),
        ("/envoi", "Préparer l'envoi", "le zip à déposer, produit depuis le logiciel"),
        ("/historique", "Historique", "les fichiers contrôlés et produits"),
        ("/tableau-de-bord", "Tableau de bord", "effectifs et fiches qui bloquent la remontée"),
        ("/bac-a-sable", "Bac à sable", "déposer le zip dans une base élèves simulée"),
        ("/api/docs", "API", "pour les logiciels : les routes et leurs champs"),
    ]
    intro = "Les étapes de l'échange annuel avec SIECLE Base élèves établissement."
    return _html(_render(request, "/", "Échanges avec SIECLE", intro, links=links))


# --- Vérifier SIECLE ------------------------------------------------------------------------

_VERIFY = (
    "Vérifier SIECLE",
    "Déposez les exports de SIECLE : la liste de contrôle dit, étape par étape, ce qui est prêt "
    "et ce qu'il faut faire dans SIECLE ou STSweb.",
)


@router.get("/verifier")
async def verify_form(request: Request) -> Response:
    page = _render(request, "/verifier", *_VERIFY, form=[_ALL_EXPORTS], submit="Vérifier")
    return _html(page)


@router.post("/verifier")
async def verify(request: Request) -> Response:
    def checklist(paths: list[Path]) -> str:
        return checklist_html(run_doctor(paths, None))

    return await _from_exports(request, "/verifier", _VERIFY, checklist)


async def _from_exports(
    request: Request, current: str, words: tuple[str, str], work: Callable[[list[Path]], str]
) -> Response:
    """Save the exports of the form posted to ``current`` and answer the page ``work`` makes of
    them, or the form again with what went wrong."""
    form = await _form(request)
    async with uploads(request.app.state.settings.limits) as saved:
        paths = [await saved.save(f, "export") for f in _files(form, "exports")]
        try:
            if not paths:
                raise SiecleError("Aucun export reçu.")
            page = await run_in_threadpool(work, paths)
        except SiecleError as exc:
            return _again(request, current, words, [_ALL_EXPORTS], exc.message)
        return _html(page)


def _again(
    request: Request, current: str, words: tuple[str, str], form: list[Field], error: str
) -> Response:
    return _html(_render(request, current, *words, form=form, error=error), status=400)


# --- Contrôler un fichier -------------------------------------------------------------------

_CHECK = (
    "Contrôler un fichier",
    "Déposez le fichier d'import du privé et les exports de SIECLE : le compte-rendu anticipé "
    "dit ce que SIECLE rejettera ou signalera cette nuit.",
)
_CHECK_FORM = [
    Field(
        "file",
        "Fichier d'import (IMPORT_ELEVES)",
        help="Le fichier XML ou le zip produit par le logiciel.",
        required=True,
    ),
    *_EXPORTS_FIELDS,
]


@router.get("/controler")
async def check_form(request: Request) -> Response:
    return _html(_render(request, "/controler", *_CHECK, form=_CHECK_FORM, submit="Contrôler"))


@router.post("/controler")
async def check_page(request: Request) -> Response:
    form = await _form(request)
    ledger = request.app.state.settings.ledger_path
    async with uploads(request.app.state.settings.limits) as saved:
        given = _files(form, "file")
        if not given:
            return _again(request, "/controler", _CHECK, _CHECK_FORM, "Aucun fichier reçu.")
        path = await saved.save(given[0], "file")
        exports = await _save_exports(form, saved)
        try:
            report = await run_in_threadpool(check, path, exports, ledger_path=ledger)
        except SiecleError as exc:
            return _again(request, "/controler", _CHECK, _CHECK_FORM, exc.message)
        page = render_html(report)
        await run_in_threadpool(record_check, path, report, ledger_path=ledger)
        return _html(page)


# --- Préparer l'envoi -----------------------------------------------------------------------

_SEND = (
    "Préparer l'envoi",
    "Choisissez le logiciel et ses données : le fichier est produit, contrôlé comme SIECLE le "
    "fera, puis proposé au téléchargement sous le nom que SIECLE attend.",
)


def _adapters() -> tuple[str, ...]:
    return tuple(p.name for p in get_manager().adapters() if p.status == "ok")


def _sources(request: Request) -> tuple[str, ...]:
    """The names of the data found under ``--data`` (never a path given by the client)."""
    folder: Path | None = request.app.state.settings.data_dir
    if folder is None or not folder.is_dir():
        return ()
    return tuple(sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")))


def _send_form(request: Request) -> list[Field]:
    return [
        Field("adapter", "Logiciel", kind="select", choices=_adapters(), required=True),
        Field(
            "source",
            "Données",
            kind="select",
            choices=_sources(request),
            required=True,
            help="Les données du logiciel, dans le dossier donné à « siecle serve --data ».",
        ),
        *_EXPORTS_FIELDS,
        Field("force", "Produire le zip même si des fiches seraient rejetées", kind="checkbox"),
    ]


@router.get("/envoi")
async def send_form(request: Request) -> Response:
    error = None
    if not _sources(request):
        error = "Aucune donnée disponible : relancez « siecle serve --data DOSSIER »."
    page = _render(
        request, "/envoi", *_SEND, form=_send_form(request), submit="Préparer", error=error
    )
    return _html(page)


@router.post("/envoi")
async def send(request: Request) -> Response:
    form = await _form(request)
    settings = request.app.state.settings
    adapter, source = _text(form, "adapter"), _text(form, "source")
    if adapter not in _adapters() or source not in _sources(request):
        message = "Choisissez un logiciel installé et des données de la liste."
        return _again(request, "/envoi", _SEND, _send_form(request), message)
    async with uploads(settings.limits) as saved:
        exports = await _save_exports(form, saved)
        order = PushRequest(
            adapter,
            settings.data_dir / source,
            saved.folder / "envoi",
            exports,
            force=_text(form, "force") == "true",
            ledger_path=settings.ledger_path,
        )
        try:
            result = await run_in_threadpool(push, order)
        except PushStopped as stopped:
            return _html(render_html(stopped.report), status=422)
        except SiecleError as exc:
            return _again(request, "/envoi", _SEND, _send_form(request), exc.message)
        zip_path = result.package.zip_path
        return Response(
            zip_path.read_bytes(),
            media_type="application/zip",
            headers={"Content-Disposition": f'attachment; filename="{zip_path.name}"'},
        )


# --- Historique -----------------------------------------------------------------------------

_HEADER = ("Date", "Commande", "Fichier", "UAI", "Année", "N° envoi", "Élèves", "Résultat")


@router.get("/historique")
async def history_page(request: Request) -> Response:
    lines = await run_in_threadpool(history, request.app.state.settings.ledger_path)
    rows = [
        (
            entry.at[:16].replace("T", " "),
            entry.command,
            (entry.file_name or "—", f"/historique/{entry.id}"),
            entry.uai,
            year_label(entry.school_year) if entry.school_year else "",
            "" if entry.send_number is None else str(entry.send_number),
            "—" if entry.eleves is None else str(entry.eleves),
            entry.result(),
        )
        for entry in lines.entries
    ]
    intro = "Les fichiers contrôlés et produits, du plus récent au plus ancien."
    page = _render(request, "/historique", "Historique", intro, header=_HEADER, rows=rows)
    return _html(page)


@router.get("/historique/{number}")
async def history_line(request: Request, number: int) -> Response:
    """One line of the history: its compte-rendu as the history keeps it (lines per section)."""
    lines = await run_in_threadpool(history, request.app.state.settings.ledger_path)
    found = [entry for entry in lines.entries if entry.id == number]
    if not found:
        raise ApiError(404, "introuvable", f"Aucune ligne n° {number} dans l'historique.")
    entry = found[0]
    rows: list[tuple[str, ...]] = [
        ("", "Responsables lus", "—" if entry.responsables is None else str(entry.responsables)),
        ("", "Élèves lus", "—" if entry.eleves is None else str(entry.eleves)),
    ]
    for section, title in SECTION_TITLES.items():
        count = entry.findings.get(section)
        rows.append((str(section), title, "non contrôlé" if count is None else str(count)))
    words = ("Section", "Compte-rendu", "Lignes")
    intro = (
        f"{entry.command} · {entry.file_name or '—'} · UAI {entry.uai} · "
        f"{year_label(entry.school_year) if entry.school_year else ''} · {entry.result()}"
    )
    page = _render(request, "/historique", "Ligne de l'historique", intro, header=words, rows=rows)
    return _html(page)


# --- Tableau de bord ------------------------------------------------------------------------

_BOARD = (
    "Tableau de bord",
    "Déposez les exports de SIECLE (dont le dernier export Élèves) : effectifs par MEF et par "
    "division, fiches qui bloquent la remontée, constat de rentrée.",
)


@router.get("/tableau-de-bord")
async def board_form(request: Request) -> Response:
    page = _render(request, "/tableau-de-bord", *_BOARD, form=[_ALL_EXPORTS], submit="Calculer")
    return _html(page)


@router.post("/tableau-de-bord")
async def board(request: Request) -> Response:
    ledger = request.app.state.settings.ledger_path

    def dashboard(paths: list[Path]) -> str:
        return dashboard_html(compute_dashboard(paths, ledger_path=ledger))

    return await _from_exports(request, "/tableau-de-bord", _BOARD, dashboard)


# --- Bac à sable ----------------------------------------------------------------------------

_SANDBOX = (
    "Bac à sable",
    "Déposez le zip dans une base élèves simulée (créée par « siecle sandbox init » dans le "
    "dossier --data) : elle le reçoit, lance aussitôt l'intégration que l'académie ferait la "
    "nuit, et publie son compte-rendu.",
)


def _bases(request: Request) -> tuple[str, ...]:
    """The sandboxes found under ``--data`` (folders holding a simulated base)."""
    folder: Path | None = request.app.state.settings.data_dir
    if folder is None or not folder.is_dir():
        return ()
    return tuple(sorted(p.name for p in folder.iterdir() if (p / "bee.sqlite").is_file()))


def _sandbox_form(request: Request) -> list[Field]:
    return [
        Field("base", "Base élèves simulée", kind="select", choices=_bases(request), required=True),
        Field("zip", "Fichier à déposer (zip)", required=True),
    ]


@router.get("/bac-a-sable")
async def sandbox_form(request: Request) -> Response:
    error = None
    if not _bases(request):
        error = (
            "Aucune base simulée dans le dossier --data : créez-en une avec "
            "« siecle sandbox init »."
        )
    form = _sandbox_form(request)
    return _html(_render(request, "/bac-a-sable", *_SANDBOX, form=form, error=error))


@router.post("/bac-a-sable")
async def sandbox_deposit(request: Request) -> Response:
    form = await _form(request)
    settings = request.app.state.settings
    base, given = _text(form, "base"), _files(form, "zip")
    if base not in _bases(request) or not given:
        message = "Choisissez une base de la liste et un fichier zip."
        return _again(request, "/bac-a-sable", _SANDBOX, _sandbox_form(request), message)
    async with uploads(settings.limits) as saved:
        zip_path = await saved.save(given[0], "depot.zip")

        def deposit() -> str:
            # the page stands for the académie's night too: the file is deposited, then the
            # integration runs at once and its compte-rendu is shown
            with Sandbox(settings.data_dir / base) as box:
                held = box.deposit(zip_path)
                night = box.night(now=held.deposited)
                page: str = render_html(night.integrations[-1].report)
                return page

        try:
            page = await run_in_threadpool(deposit)
        except DepositRefused as exc:
            message = " ".join([exc.message, *exc.details])
            return _again(request, "/bac-a-sable", _SANDBOX, _sandbox_form(request), message)
        except SiecleError as exc:
            return _again(request, "/bac-a-sable", _SANDBOX, _sandbox_form(request), exc.message)
        return _html(page)
