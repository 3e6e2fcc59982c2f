"""Deterministic synthetic schools: the SIECLE exports and the import file of a fictitious private
school, realistic enough for tests, demonstrations and benchmarks, at any size, in flat memory.

A school is a sequence of families (one or two legal representatives, sometimes a person in charge
or a contact, and one to three siblings). Family ``k`` is drawn from its own ``random.Random``
seeded with ``(seed, k)``, so every pass over the pupils regenerates exactly the same people:
writers make one pass per block (persons then pupils in the import file; ``ELEVES``, ``OPTIONS``,
``STRUCTURES``, ``BOURSES``, ``ADRESSES`` in the Élèves export...) and only the current family is
ever held in memory.

Every pupil and person has one internal record from which both forms are derived: the export form
is built as nodes (typed with :meth:`~siecle_sdk.models.Record.from_node`) and the import form as
import models, so names, birth dates, INE, ids and links agree between all the files.

Ids: ``ELEVE_ID``, ``PERSONNE_ID`` and ``ADRESSE_ID`` are 7-digit SIECLE-like ids;
``ID_PRV_ELE``, ``ID_PRV_PER`` (the private software's ids) and ``ELENOET`` count from the first
pupil or person.
The import format only accepts private ids up to 99 999: above 99 999 pupils (or persons) the
exports still carry the larger ids — such files exist for benchmarks only — and
:meth:`SyntheticSchool.write_import` refuses to write the import file.
"""

from .school import MAX_PUPILS, SOFTWARE, Progress, SchoolStats, SyntheticSchool

__all__ = ["MAX_PUPILS", "SOFTWARE", "Progress", "SchoolStats", "SyntheticSchool"]
