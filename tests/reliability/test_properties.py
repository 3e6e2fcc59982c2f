"""Property-based tests: records, texts and trees survive every way the SDK writes and reads them.

* any valid record of every format survives model -> XML -> model unchanged (exports through
  ``write_bee_document``, ``IMPORT_ELEVES`` through ``write_import``, read back with
  ``open_document(...).typed()``);
* any text fits ISO-8859-15 by the documented rules, or is refused naming record and field;
* any tree of elements, attributes and texts survives XML -> JSON -> XML.

Texts are drawn from what the SDK promises to keep: every character XML 1.0 carries in the output
encoding, except C1 controls (U+0080-U+009F, see ``test_c1_controls_round_trip``) and a value made
only of spaces and line breaks (layout, documented in :mod:`siecle_sdk.io.nodes`). A repeated
element with no occurrence reads back as ``None`` (there is no element to tell ``[]``).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, TypeVar

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lxml import etree

from siecle_sdk.errors import UnencodableCharacter, UnusableInput
from siecle_sdk.exchange.import_writer import write_import
from siecle_sdk.formats import FormatSpec, builtin
from siecle_sdk.io.encoding import REPLACEMENTS, Normaliser, fit
from siecle_sdk.io.jsonio import write_json, xml_from_json
from siecle_sdk.io.nodes import Node, from_element, to_xml
from siecle_sdk.io.reader import open_document
from siecle_sdk.io.writer import Block, write_bee_document
from siecle_sdk.models import _base
from siecle_sdk.models._base import Record
from siecle_sdk.models.import_eleves import (
    Adresse,
    Bourse,
    Eleve,
    EtablissementAnDernier,
    Lien,
    OptionEleve,
    Parametres,
    Personne,
    ResponsablesEleve,
    ScolariteActive,
)

R = TypeVar("R", bound=Record)

PROPERTY = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
#: for properties whose examples are whole files of many records
FILES = settings(PROPERTY, max_examples=25)

#: characters ISO-8859-15 holds that XML 1.0 carries (C1 controls left out, see module doc)
LATIN9 = "".join(bytes([b]).decode("iso8859-15") for b in [*range(0x20, 0x7F), *range(0xA0, 0x100)])
LATIN9_ALPHABET = LATIN9 + "\t\n\r"
#: the characters ISO-8859-15 has and ISO-8859-1 has not
LATIN9_SPECIALS = "ŠšŽžŒœŸ€"
#: the replacement table, typed for ``str.maketrans``
REPLACE: dict[str, str | int | None] = dict(REPLACEMENTS)
SURROGATES: tuple[Literal["Cs"]] = ("Cs",)
#: characters no rule can turn into ISO-8859-15
UNFIT = "中文😀☃Ωאש"


#: byte pairs the reader takes for UTF-8 in an ISO-8859-15 file (``é`` + no-break space...):
#: see ``test_latin9_text_that_looks_like_utf8``
LOOKS_LIKE_UTF8 = re.compile(rb"[\x80-\x9f]|[\xc2-\xf4][\x80-\xbf]")


def kept(text: str) -> bool:
    """Whether the SDK promises to keep ``text`` (not blank made of layout)."""
    return not (text.isspace() and "\n" in text)


def readable(text: str) -> bool:
    """Whether the reader accepts ``text`` written in ISO-8859-15 (see ``LOOKS_LIKE_UTF8``)."""
    return kept(text) and not LOOKS_LIKE_UTF8.search(text.encode("iso8859-15"))


def latin(min_size: int = 0, max_size: int = 12) -> st.SearchStrategy[str]:
    """Texts of ISO-8859-15 characters, ``min_size`` to ``max_size`` long."""
    return st.text(st.sampled_from(LATIN9_ALPHABET), min_size=min_size, max_size=max_size).filter(
        readable
    )


def opt(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def build(model: type[R], **fields: st.SearchStrategy[Any]) -> st.SearchStrategy[R]:
    """Instances of a pydantic ``model`` from strategies of its fields (by field name:
    ``st.builds`` would also fill the required fields under their alias)."""
    return st.fixed_dictionaries(fields).map(lambda data: model(**data))


@contextmanager
def scratch() -> Iterator[Path]:
    """A temporary folder (function-scoped fixtures do not mix with ``@given``)."""
    with tempfile.TemporaryDirectory(prefix="siecle-prop-") as folder:
        yield Path(folder)


# --- export records ---------------------------------------------------------------------------

DATES = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31))
SCALARS: dict[int, st.SearchStrategy[Any]] = {
    _base._SCALAR: latin(),
    _base._DATE: st.just("") | DATES,
    _base._FLAG: st.just("") | st.booleans(),
    _base._COUNT: st.just("") | st.integers(-(10**6), 10**6),
}


def unknown_parts(model: type[Record]) -> st.SearchStrategy[list[dict[str, Any]]]:
    """Elements and attributes the model does not describe (kept verbatim)."""
    attrs = st.dictionaries(st.sampled_from(["ZZ_A", "ZZ_B"]), latin(), min_size=1, max_size=2)
    children = st.lists(
        st.builds(lambda tag, text: {"tag": tag, "text": text}, st.sampled_from(["ZZ_X"]), latin()),
        max_size=2,
    )
    return st.builds(
        lambda a, c: ([{"tag": "@", "attrs": a}] if a else []) + c, opt(attrs), children
    )


@functools.cache
def records(model: type[Record]) -> st.SearchStrategy[Record]:
    """Any valid instance of an export ``model`` (nested records included)."""
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for slot in [*model._attr_plan.values(), *model._plan.values()]:
        info = model.model_fields[slot.name]
        kind = slot.kind
        if kind in SCALARS:
            value = SCALARS[kind]
        elif kind == _base._NESTED:
            assert slot.model is not None
            value = records(slot.model)
        elif kind in (_base._REPEAT, _base._CONTAINER):
            assert slot.model is not None
            value = st.lists(records(slot.model), min_size=int(kind == _base._REPEAT), max_size=2)
        else:
            value = st.lists(latin(), min_size=int(kind == _base._REPEAT_TEXT), max_size=2)
        fields[slot.name] = value if info.is_required() else opt(value)
    fields["unknown"] = unknown_parts(model)
    return st.fixed_dictionaries(fields).map(lambda data: model(**data))


EXPORTS = {spec.name: spec for spec in builtin.siecle_formats() if spec.name != "import-eleves"}
PARAMETRES: Node = {
    "tag": "PARAMETRES",
    "children": [{"tag": "UAJ", "text": "0750680G"}, {"tag": "ANNEE_SCOLAIRE", "text": "2019"}],
}


def read_typed(path: Path) -> tuple[str, dict[str, list[Record]]]:
    found: dict[str, list[Record]] = {}
    with open_document(path) as doc:
        for block, record in doc.typed():
            found.setdefault(block, []).append(record)
        return doc.kind, found


@pytest.mark.parametrize("name", sorted(EXPORTS))
@FILES
@given(data=st.data())
def test_export_records_round_trip(name: str, data: st.DataObject) -> None:
    spec: FormatSpec = EXPORTS[name]
    size = 2 if len(spec.records) < 6 else 1
    written = {
        block: data.draw(st.lists(records(model), min_size=1, max_size=size), label=block)
        for block, model in spec.records.items()
    }
    with scratch() as folder:
        path = folder / "export.xml"
        write_bee_document(
            path,
            root=spec.roots[0],
            attrs={"VERSION": spec.versions[-1] if spec.versions else "1.0"},
            before=[PARAMETRES],
            blocks=[Block(tag, [r.to_node() for r in rows]) for tag, rows in written.items()],
        )
        kind, back = read_typed(path)
    assert kind == name
    assert back == written


# --- the import file --------------------------------------------------------------------------

ALNUM = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
INE = st.text(st.sampled_from(ALNUM), min_size=11, max_size=11)
ADRESSE_LINES = {f"ligne{i}_adresse": opt(latin(1, 38)) for i in range(1, 5)}
ADRESSES = build(
    Adresse, code_postal=latin(5, 5), ll_postal=latin(1, 32), code_pays=latin(1, 3), **ADRESSE_LINES
) | build(Adresse, commune_etrangere=latin(1, 32), code_pays=latin(1, 3), **ADRESSE_LINES)


def personnes(number: str) -> st.SearchStrategy[Personne]:
    return build(
        Personne,
        id_prv_per=st.just(number),
        code_civilite=latin(1, 1),
        nom_de_famille=latin(1, 100),
        nom_usage=opt(latin(1, 100)),
        prenom=latin(1, 100),
        adresse=opt(ADRESSES),
        communication_adresse=opt(st.booleans()),
        code_profession=latin(1, 2),
        tel_personnel=opt(latin(1, 20)),
        tel_professionnel=opt(latin(1, 20)),
        tel_portable=opt(latin(1, 20)),
        accepte_sms=opt(st.booleans()),
        email=opt(latin(1, 60)),
        enfant_a_charge=opt(st.integers(0, 255)),
    )


def liens(person_ids: list[str], role: str) -> st.SearchStrategy[Lien]:
    common = {"id_prv_per": st.sampled_from(person_ids), "code_parente": latin(2, 2)}
    if role == "CONTACT":
        return build(Lien, **common)
    return build(
        Lien,
        paie_frais_scolaires=opt(st.booleans()),
        heberge_eleve=st.booleans(),
        percoit_les_aides=opt(st.booleans()) if role == "LEGAL" else st.none(),
        a_contacter_en_priorite=opt(st.booleans()),
        **common,
    )


def responsables(person_ids: list[str]) -> st.SearchStrategy[ResponsablesEleve]:
    return build(
        ResponsablesEleve,
        legal=st.lists(liens(person_ids, "LEGAL"), min_size=1, max_size=2),
        personne_en_charge=st.lists(liens(person_ids, "PERSONNE_EN_CHARGE"), max_size=2),
        contact=st.lists(liens(person_ids, "CONTACT"), max_size=2),
    )


SCOLARITES = build(
    ScolariteActive,
    code_mef=latin(11, 11),
    code_division=opt(latin(1, 8)),
    code_statut=latin(1, 2),
    date_deb_sco=DATES,
    date_fin_sco=opt(DATES),
    arret_formation=opt(st.booleans()),
    options=st.lists(
        build(OptionEleve, code_matiere=latin(1, 6), code_modalite_elect=latin(1, 1)),
        max_size=3,
    ),
)
PREVIOUS = {
    "code_provenance": latin(1, 1),
    "code_mef": opt(latin(11, 11)),
    "type_mef": opt(latin(1, 1)),
    "code_division": opt(latin(1, 8)),
    "code_statut": opt(latin(1, 2)),
    "date_deb_sco": opt(DATES),
    "date_fin_sco": opt(DATES),
    "options_an_dernier": st.lists(latin(1, 5), max_size=3),
}
ETABLISSEMENTS = build(
    EtablissementAnDernier,
    code_rne=st.text(st.sampled_from(ALNUM), min_size=8, max_size=8),
    **PREVIOUS,
) | build(EtablissementAnDernier, code_departement=latin(1, 3), **PREVIOUS)
BOURSES = st.lists(
    build(Bourse, code_bourse=latin(1, 1), nb_part=st.integers(0, 99)),
    min_size=1,
    max_size=2,
    unique_by=lambda b: b.code_bourse,
)
NO_PLACE: dict[str, str] = {}
BIRTH_PLACES: st.SearchStrategy[dict[str, str]] = st.one_of(
    st.fixed_dictionaries({"code_commune_insee_naiss": latin(5, 5)}),
    st.fixed_dictionaries({"ville_naiss": latin(1, 32)}),
)


@st.composite
def eleves(draw: st.DrawFn, number: str, person_ids: list[str]) -> Eleve:
    leaver = draw(st.booleans())
    fields: dict[str, Any] = {
        "id_prv_ele": number,
        "id_national": draw(opt(INE)),
        "ine_bea": draw(opt(INE)),
        "ine_rnie": draw(opt(INE)),
        "nom_de_famille": draw(latin(1, 100)),
        "nom_usage": draw(opt(latin(1, 100))),
        "prenom": draw(latin(1, 100)),
        "prenom2": draw(opt(latin(1, 100))),
        "prenom3": draw(opt(latin(1, 100))),
        "date_naiss": draw(DATES),
        "code_pays": draw(latin(1, 3)),
        "date_entree": draw(opt(DATES)),
        "adresse": draw(opt(ADRESSES)),
        "tel_personnel": draw(opt(latin(1, 20))),
        "tel_professionnel": draw(opt(latin(1, 20))),
        "tel_portable": draw(opt(latin(1, 20))),
        "accepte_sms": draw(opt(st.booleans())),
        "email": draw(opt(latin(1, 60))),
        "adhesion_transport": draw(st.booleans()),
        "code_regime": draw(latin(1, 2)),
        "doublement": draw(st.booleans()),
        "bourses": draw(opt(BOURSES)),
    }
    if leaver:
        fields |= {
            "code_motif_sortie": draw(latin(1, 2)),
            "date_sortie": draw(DATES),
            "code_pays_nat": draw(opt(latin(1, 3))),
            "code_sexe": draw(opt(latin(1, 1))),
            "responsables_eleve": draw(opt(responsables(person_ids))),
            "scolarite_active": draw(opt(SCOLARITES)),
            "etablissement_an_dernier": draw(opt(ETABLISSEMENTS)),
            **draw(st.one_of(st.just(NO_PLACE), BIRTH_PLACES)),
        }
    else:
        fields |= {
            "code_pays_nat": draw(latin(1, 3)),
            "code_sexe": draw(latin(1, 1)),
            "responsables_eleve": draw(responsables(person_ids)),
            "scolarite_active": draw(SCOLARITES),
            "etablissement_an_dernier": draw(ETABLISSEMENTS),
            **draw(BIRTH_PLACES),
        }
    return Eleve(**fields)


IDS = st.lists(st.integers(0, 99999).map(str), min_size=1, max_size=3, unique=True)
PARAMETRES_IMPORT = build(
    Parametres,
    uaj=st.text(st.sampled_from(ALNUM), min_size=8, max_size=8),
    annee_scolaire=st.integers(1000, 9999).map(str),
    date_import=DATES,
    num_envoi=st.integers(0, 99999).map(str),
    logiciel=latin(1, 10),
)


@FILES
@given(data=st.data())
def test_import_records_round_trip(data: st.DataObject) -> None:
    person_ids = data.draw(IDS, label="ID_PRV_PER")
    persons = [data.draw(personnes(n), label="PERSONNE") for n in person_ids]
    pupils = [data.draw(eleves(n, person_ids), label="ELEVE") for n in data.draw(IDS)]
    for field in ("id_national", "ine_bea", "ine_rnie"):
        values = [getattr(p, field) for p in pupils if getattr(p, field)]
        assume(len(values) == len(set(values)))
    parametres = data.draw(PARAMETRES_IMPORT)
    with scratch() as folder:
        path = folder / "import.xml"
        result = write_import(path, parametres, persons, pupils)
        assert result.changes == []
        with open_document(path) as doc:
            back = list(doc.typed())
            header = Parametres.from_node(doc.before[0])
    assert header == parametres
    assert [r for block, r in back if block == "PERSONNES"] == persons
    assert [r for block, r in back if block == "ELEVES"] == pupils


# --- encoding rules -------------------------------------------------------------------------


@PROPERTY
@given(text=st.text(st.sampled_from(LATIN9_ALPHABET)))
def test_latin9_text_is_kept_as_is(text: str) -> None:
    assert fit(text, "iso8859-15") == text
    assert Normaliser("iso8859-15")(text, "<ELEVE>", "NOM") == text


@PROPERTY
@given(text=st.text(st.characters(exclude_categories=SURROGATES)))
def test_any_text_fits_or_is_refused_by_name(text: str) -> None:
    normaliser = Normaliser("iso8859-15")
    try:
        fitted = normaliser(text, "<ELEVE> (ELEVE_ID=7)", "NOM_DE_FAMILLE")
    except UnencodableCharacter as exc:
        assert "<ELEVE> (ELEVE_ID=7)" in exc.message and "NOM_DE_FAMILLE" in exc.message
        code = exc.message.split("(U+", 1)[1].split(")", 1)[0]
        char = chr(int(code, 16))
        fitted_text = unicodedata.normalize("NFC", text).translate(str.maketrans(REPLACE))
        assert char in fitted_text, "the refusal names a character of the value itself"
        return
    fitted.encode("iso8859-15")
    assert not set(fitted) & set(REPLACEMENTS)
    if all(c in LATIN9_ALPHABET for c in text):
        assert fitted == text


def test_refusal_names_the_character_of_the_value() -> None:
    with pytest.raises(UnencodableCharacter) as caught:
        Normaliser("iso8859-15")("Kim 가", "<ELEVE>", "NOM")
    assert "U+AC00" in caught.value.message


SPECIAL_MIX = LATIN9_SPECIALS + "".join(REPLACEMENTS) + "čłńőžșțĕ" + "abcé "


@PROPERTY
@given(text=st.text(st.sampled_from(SPECIAL_MIX), min_size=1))
def test_latin9_specials_survive_beside_replaced_characters(text: str) -> None:
    """Œ, €, Š... are ISO-8859-15 characters: kept as is, whatever is replaced around them."""
    fitted = fit(text, "iso8859-15")
    fitted.encode("iso8859-15")

    def specials(value: str) -> list[str]:
        return [c for c in value if c in LATIN9_SPECIALS]

    assert specials(fitted) == specials(text.translate(str.maketrans(REPLACE)))


@PROPERTY
@given(
    before=latin(0, 10),
    bad=st.sampled_from(UNFIT),
    after=latin(0, 10),
    field=st.sampled_from(["nom_de_famille", "prenom", "ville_naiss", "email"]),
)
def test_import_writer_names_record_and_field(
    before: str, bad: str, after: str, field: str
) -> None:
    pupil = Eleve(
        id_prv_ele="42",
        nom_de_famille="MARTIN",
        prenom="Léa",
        date_naiss=dt.date(2008, 5, 1),
        code_pays="100",
        code_pays_nat="100",
        code_sexe="2",
        ville_naiss="PARIS",
        adhesion_transport=False,
        code_regime="0",
        doublement=False,
        responsables_eleve=ResponsablesEleve(
            legal=[Lien(id_prv_per="1", code_parente="10", heberge_eleve=True)]
        ),
        scolarite_active=ScolariteActive(
            code_mef="10010012110", code_statut="ST", date_deb_sco=dt.date(2019, 9, 2)
        ),
        etablissement_an_dernier=EtablissementAnDernier(code_rne="0750680G", code_provenance="1"),
    ).model_copy(update={field: before + bad + after})
    person = Personne(
        id_prv_per="1",
        code_civilite="2",
        nom_de_famille="MARTIN",
        prenom="Anne",
        code_profession="10",
    )
    parametres = Parametres(
        uaj="0750680G",
        annee_scolaire="2019",
        date_import=dt.date(2019, 9, 5),
        num_envoi="1",
        logiciel="TEST",
    )
    with scratch() as folder:
        path = folder / "import.xml"
        with pytest.raises(UnencodableCharacter) as caught:
            write_import(path, parametres, [person], [pupil])
        assert list(folder.iterdir()) == []
    tag = Eleve.model_fields[field].alias
    assert "ID_PRV_ELE=42" in caught.value.message and f"{tag}" in caught.value.message
    assert f"U+{ord(bad):04X}" in caught.value.message


@PROPERTY
@given(text=latin(0, 10), bad=st.sampled_from(UNFIT))
def test_export_writer_names_record_and_field(text: str, bad: str) -> None:
    node = {
        "tag": "ELEVE",
        "attrs": {"ELEVE_ID": "77"},
        "children": [{"tag": "PRENOM", "text": text + bad}],
    }
    with scratch() as folder, pytest.raises(UnencodableCharacter) as caught:
        write_bee_document(
            folder / "Eleves.xml",
            root="BEE_ELEVES",
            attrs={"VERSION": "3.0"},
            before=[PARAMETRES],
            blocks=[Block("ELEVES", [node])],
        )
    assert "ELEVE_ID=77" in caught.value.message and "PRENOM" in caught.value.message


def test_c1_controls_round_trip(tmp_path: Path) -> None:
    node = {"tag": "ELEVE", "children": [{"tag": "NOM", "text": "A\x85B"}]}
    path = tmp_path / "Eleves.xml"
    write_bee_document(
        path, root="BEE_ELEVES", attrs={}, before=[PARAMETRES], blocks=[Block("ELEVES", [node])]
    )
    with open_document(path) as doc:
        assert [n for _, n in doc.records()] == [node]


@pytest.mark.parametrize("name", ["Café\u00a0du Port", "CÉ°", "ÂŒ"])
def test_latin9_text_that_looks_like_utf8(name: str, tmp_path: Path) -> None:
    node = {"tag": "ELEVE", "children": [{"tag": "NOM", "text": name}]}
    path = tmp_path / "Eleves.xml"
    write_bee_document(
        path, root="BEE_ELEVES", attrs={}, before=[PARAMETRES], blocks=[Block("ELEVES", [node])]
    )
    with open_document(path) as doc:
        assert [n for _, n in doc.records()] == [node]


# --- nodes and their JSON form --------------------------------------------------------------

#: every character XML 1.0 carries (the writer escapes & < > " ' and line ends)
XML_CHARS = st.characters(
    exclude_categories=SURROGATES,
    exclude_characters="".join(chr(c) for c in range(32) if c not in (9, 10, 13)) + "\ufffe\uffff",
)
TAGS = st.sampled_from(["A", "B", "NOM", "C_D", "x-y", "_z", "É"])
ATTRS = st.dictionaries(
    st.sampled_from(["ID", "a", "b-c", "É"]), st.text(XML_CHARS, max_size=8), max_size=3
)
LEAF_TEXT = st.text(XML_CHARS, max_size=10).filter(kept)
#: text of an element with children, or after an element: only non-blank text is kept
MIXED_TEXT = st.text(XML_CHARS, min_size=1, max_size=8).filter(lambda t: not t.isspace())


def _node(tag: str, attrs: dict[str, str], text: str | None, children: list[Node]) -> Node:
    node: Node = {"tag": tag}
    if attrs:
        node["attrs"] = attrs
    if children:
        if text is not None:
            node["text"] = text
        node["children"] = children
    else:
        node["text"] = text or ""
    return node


def _with_tail(node: Node, tail: str | None) -> Node:
    return {**node, "tail": tail} if tail is not None else node


def trees(depth: int = 3) -> st.SearchStrategy[Node]:
    """Elements with attributes, text, children and mixed content (no tail at the top)."""
    leaves = st.builds(_node, TAGS, ATTRS, LEAF_TEXT, st.just([]))
    if depth == 0:
        return leaves
    inner = trees(depth - 1)
    children = st.lists(st.builds(_with_tail, inner, opt(MIXED_TEXT)), min_size=1, max_size=3)
    return leaves | st.builds(_node, TAGS, ATTRS, opt(MIXED_TEXT), children)


@PROPERTY
@given(node=trees())
def test_node_to_xml_and_back(node: Node) -> None:
    parsed = etree.fromstring(to_xml(node).encode("utf-8"))
    assert from_element(parsed) == node


BLOCK_TAGS = ["ELEVES", "OPTIONS", "BOURSES", "STRUCTURES"]


@PROPERTY
@given(
    blocks=st.lists(
        st.tuples(st.sampled_from(BLOCK_TAGS), ATTRS, st.lists(trees(2), max_size=3)),
        max_size=3,
        unique_by=lambda b: b[0],
    ),
    extra=st.lists(trees(1), max_size=2),
    after=st.lists(trees(1), max_size=2),
    root_attrs=ATTRS,
)
def test_document_through_json_and_back(
    blocks: list[tuple[str, dict[str, str], list[Node]]],
    extra: list[Node],
    after: list[Node],
    root_attrs: dict[str, str],
) -> None:
    before = [PARAMETRES, *extra]
    with scratch() as folder:
        first, as_json, second = folder / "a.xml", folder / "a.json", folder / "b.xml"
        write_bee_document(
            first,
            root="BEE_ELEVES",
            attrs=root_attrs,
            before=before,
            blocks=[Block(tag, rows, attrs) for tag, attrs, rows in blocks],
            after=after,
            encoding="utf-8",
        )
        expected = [(tag, row) for tag, _, rows in blocks for row in rows]
        assert read_all(first) == (before, expected, after)
        with open_document(first) as doc:
            counts = write_json(doc, as_json)
        assert counts == {tag: len(rows) for tag, _, rows in blocks}
        xml_from_json(as_json, second)
        assert read_all(second) == (before, expected, after)
        with open_document(second) as doc:
            write_json(doc, folder / "b.json")
        assert without_source(folder / "b.json") == without_source(as_json)


def read_all(path: Path) -> tuple[list[Node], list[tuple[str, Node]], list[Node]]:
    with open_document(path) as doc:
        rows = list(doc.records())
        return doc.before, rows, doc.after


def without_source(path: Path) -> Any:
    lines = path.read_text(encoding="utf-8").split("\n")
    head = json.loads(lines[0].removesuffix(',"blocks":[') + "}")
    head.pop("source")
    return head, lines[1:]


def _through_json(text: str, folder: Path) -> tuple[list[tuple[str, Node]], list[tuple[str, Node]]]:
    first, as_json, second = folder / "a.xml", folder / "a.json", folder / "b.xml"
    first.write_text(text, encoding="utf-8")
    with open_document(first) as doc:
        write_json(doc, as_json)
    xml_from_json(as_json, second)
    return read_all(first)[1], read_all(second)[1]


DOC = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<BEE_ELEVES VERSION="3.0">'
    "<PARAMETRES><UAJ>0750680G</UAJ></PARAMETRES><DONNEES><ELEVES>{}</ELEVES></DONNEES>"
    "</BEE_ELEVES>\n"
)


def test_namespace_declared_below_the_root(tmp_path: Path) -> None:
    records = '<ELEVE xmlns:x="urn:x"><x:NOM>A</x:NOM></ELEVE>'
    before, after = _through_json(DOC.format(records), tmp_path)
    assert after == before


@pytest.mark.parametrize(
    "records",
    [
        "<ELEVE><NOM>A</NOM></ELEVE>entre<ELEVE><NOM>B</NOM></ELEVE>",
        "<ELEVE><NOM>A</NOM></ELEVE><ELEVE><NOM>B</NOM></ELEVE>fin",
        "avant<ELEVE><NOM>A</NOM></ELEVE>",
    ],
)
def test_text_between_records_is_refused(records: str, tmp_path: Path) -> None:
    """Text between records belongs to no record: the file is refused, never read without it."""
    path = tmp_path / "Eleves.xml"
    path.write_text(DOC.format(records), encoding="utf-8")
    with (
        pytest.raises(UnusableInput, match="texte entre les enregistrements"),
        open_document(path) as doc,
    ):
        doc.drain()


@pytest.mark.parametrize("reference", ["&#x2019;", "&#x1F600;"])
def test_character_references_survive_convert(reference: str, tmp_path: Path) -> None:
    text = DOC.format(f"<ELEVE><NOM>L{reference}HERMITE</NOM></ELEVE>").replace(
        "UTF-8", "ISO-8859-15"
    )
    before, after = _through_json(text, tmp_path)
    assert after == before
