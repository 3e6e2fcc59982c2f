"""Hand edits of SIECLE exports, as a hostile or careless user makes them (tests only)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

from lxml import etree

Edit = Callable[[etree._Element], None]


def edited(source: Path, target: Path, *edits: Edit) -> Path:
    """``source`` with ``edits`` applied to its root, written to ``target`` (ISO-8859-15)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
    tree = etree.parse(str(source), parser)
    for edit in edits:
        edit(tree.getroot())
    target.parent.mkdir(parents=True, exist_ok=True)
    tree.write(str(target), encoding="ISO-8859-15", xml_declaration=True)
    return target


def _block(root: etree._Element, tag: str) -> etree._Element:
    found = root.find(f"DONNEES/{tag}")
    assert found is not None, tag
    return found


def pupils(root: etree._Element) -> list[etree._Element]:
    """The ``ELEVE`` records."""
    return list(_block(root, "ELEVES"))


def set_header(tag: str, value: str | None) -> Edit:
    """``PARAMETRES/<tag>`` set to ``value`` (removed when ``None``)."""

    def edit(root: etree._Element) -> None:
        element = root.find(f"PARAMETRES/{tag}")
        assert element is not None
        if value is None:
            element.getparent().remove(element)
        else:
            element.text = value

    return edit


def share_ine(root: etree._Element) -> None:
    """The second pupil with an INE gets the first one's."""
    with_ine = [p for p in pupils(root) if p.find("ID_NATIONAL") is not None]
    first, second = with_ine[0], with_ine[1]
    for tag in ("ID_NATIONAL", "INE_BEA", "INE_RNIE"):
        element = second.find(tag)
        if element is not None:
            second.remove(element)
    copied = copy.deepcopy(first.find("ID_NATIONAL"))
    second.insert(0, copied)


def repeat_pupil(root: etree._Element) -> None:
    """The first pupil written twice."""
    block = _block(root, "ELEVES")
    block.append(copy.deepcopy(block[0]))


def repeat_data(root: etree._Element) -> None:
    """The whole ``DONNEES`` written twice."""
    data = root.find("DONNEES")
    assert data is not None
    root.append(copy.deepcopy(data))


def empty_pupil(root: etree._Element) -> None:
    """An ``<ELEVE/>`` at the end of ``ELEVES``."""
    _block(root, "ELEVES").append(etree.Element("ELEVE"))


def repeat_name(root: etree._Element) -> None:
    """The first pupil's ``NOM_DE_FAMILLE`` twice (a second name after the first)."""
    name = pupils(root)[0].find("NOM_DE_FAMILLE")
    assert name is not None
    second = etree.Element("NOM_DE_FAMILLE")
    second.text = "AUTRE-NOM"
    name.addnext(second)


def orphan_option(root: etree._Element) -> None:
    """An ``OPTION`` record for a pupil the export does not hold (``ELEVE_ID`` 9999999)."""
    block = _block(root, "OPTIONS")
    option = copy.deepcopy(block[0])
    option.set("ELEVE_ID", "9999999")
    block.append(option)


def without_mef(root: etree._Element) -> str:
    """The first pupil loses ``CODE_MEF`` (his division stays in ``STRUCTURES``); his id."""
    pupil = pupils(root)[0]
    mef = pupil.find("CODE_MEF")
    assert mef is not None
    pupil.remove(mef)
    return str(pupil.get("ELEVE_ID"))


def orphan_link(root: etree._Element) -> None:
    """A ``RESPONSABLE_ELEVE`` for a pupil of no Élèves export (``ELEVE_ID`` 9999999)."""
    block = _block(root, "RESPONSABLES")
    link = copy.deepcopy(block[0])
    eleve = link.find("ELEVE_ID")
    assert eleve is not None
    eleve.text = "9999999"
    block.append(link)
