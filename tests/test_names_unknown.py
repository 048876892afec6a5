"""Names the knowledge base does not know, through the real pipeline and model (issue 12).

Inline markup as in ``test_stages.py``: every mention is marked, the rest of the sentence
is a negative. ``entity=`` groups mentions; ``kb=`` is the knowledge-base id the mention's
entity must carry (``kb=none``: none). The bodies named here are in no resource file,
or only a part of them is (« Secrétariat international » inside « … de l'OTAN »).
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.helpers import run_text
from tests.markup import parse

LONGEST_NAMES = [
    # a known name inside a longer one: the whole name, the body's id kept
    "Le <ORG kb=SI-OTAN>Secrétariat international de l'OTAN</ORG> a publié le rapport.",
    # but a known name that stands by itself and the body after it are two names
    "La <ORG>Division Diplomatie publique</ORG> de l’<ORG>OTAN</ORG> a publié le rapport.",
    "Il a rencontré le <ORG>Haut-Commissariat des Nations Unies aux réfugiés climatiques</ORG>.",
    "Le <ORG>Secrétariat d’État à la jeunesse</ORG> a répondu au sujet de la <LOC>Syrie</LOC>.",
    "La <ORG>Commission de la Communauté andine</ORG> a siégé à <LOC>Lima</LOC>.",
    "Le <ORG>Conseil OTAN-Géorgie</ORG> a tenu sa réunion.",
    # a known name inside the walk is whole, and the walk goes on after it; a month ends it
    "Le <ORG>Bureau des Nations unies auprès de l'Union andine</ORG> et le <ORG>Conseil des affaires maritimes</ORG> de février.",
    # a head of several words: « Grand quartier général »
    "Il est affecté au <ORG>Grand quartier général de la zone nord</ORG>.",
    "La <ORG>Cinquième Commission</ORG> a adopté le budget.",
    # a capitalised generic noun inside a sentence is the name's head
    "Le <PROG>Programme Méditerranée III</PROG> succède à l'ancien.",
    "Le pays participe au <PROG>Dialogue méditerranéen</PROG> depuis longtemps.",
    # English names in a French page
    "Légende : the <ORG>NATO-Ukraine Council</ORG> met in <LOC>Brussels</LOC>.",
    # « ACR (long form) », the long form's letters from another language or with accents
    "L'<ORG entity=e>EUCAP Sahel</ORG> (<ORG entity=e>Mission de renforcement des capacités de l'Union européenne au Sahel</ORG>) est citée.",
    "L'<ORG entity=p>EAPM</ORG> (<ORG entity=p>École d'application de la police militaire</ORG>) forme les cadres.",
    "Le <ORG entity=j>DFJPO</ORG> (<ORG entity=j>Département fédéral de la justice, de la police et des douanes</ORG>) a répondu.",
]

CAPITALS_AND_FURNITURE = [
    # a known name inside a headline in capitals; the headline's other words are nothing
    "LE <ORG>CONSEIL DE SÉCURITÉ</ORG> PROROGE LE MANDAT FACE A LA CRISE",
    "POINTS APPROUVÉS SANS DÉBAT",
    # document codes, page furniture, publication titles, a person and a title
    "La résolution S/RES/2719 et le document C 2003/INF/5 sont publiés.",
    "Rappelant le communiqué [PSC/PR/COMM.1] et le document AG/AB/4372 de l'<ORG>ONU</ORG>.",
    "FACE A LA MENACE ET AU RISQUE POSE PAR LES ARMES",
    "Partager\nImprimer\nAccueil",
    "M. Louis MICHEL Vice-premier ministre a parlé.",
    "Selon <ORG>OTAN</ORG> Hebdo, le <ORG>Comité militaire</ORG> a siégé.",
]

ROLES = [
    "La Haute Représentante et les ministres de la défense ont rencontré le Représentant spécial du Secrétaire général.",
    "Le Secrétaire général de l’<ORG>ONU</ORG> a salué le Président de la <ORG>Commission</ORG>.",
]

SHORT_NAMES = [
    # a short name stands for the body of the page it begins
    "La <ORG entity=c>Cour de justice de la Communauté andine</ORG> a statué. La <ORG entity=c>Cour</ORG> a rappelé sa jurisprudence.",
    # the first such body of the page, not the last one named
    "La <ORG entity=a>Commission de la Communauté andine</ORG> salue la <ORG entity=b>Commission électorale nationale</ORG>. La <ORG entity=a>Commission</ORG> rappelle son soutien.",
    # on a NATO page, « le Conseil » is not the EU's Council: no id rather than a wrong one
    "Le Secrétaire général de l'<ORG>OTAN</ORG> a parlé. Le <ORG kb=none>Conseil</ORG> a prolongé la mission.",
    # on an EU page it is
    "L'<ORG>Union européenne</ORG> a parlé. Le <ORG kb=CONSEIL-UE>Conseil</ORG> a prolongé la mission.",
]

PLACES = [
    # a known place and a direction make a region; a geographic head keeps its name
    "Les pays d'<LOC>Europe du Nord</LOC>, des <LOC>Caraïbes orientales</LOC> et de la <LOC>Corne de l’Amérique</LOC>.",
    # one proper noun after « à », where the model finds nothing
    "Le ministre s'est rendu à <LOC>Zinderville</LOC>, puis a écrit à Michel Barnier.",
]

WORDS_THAT_ARE_NAMES = [
    "La réunion a eu lieu à <LOC>Bruxelles</LOC>.",
    "Il est né à <LOC>La Réunion</LOC> et a étudié à <LOC>La Haye</LOC>.",
    # a title opening a line: a capital proves nothing there
    "Dialogue <ORG>OTAN</ORG>-<LOC>Kazakhstan</LOC> : l’agent de liaison arrive.",
]

CASES = LONGEST_NAMES + CAPITALS_AND_FURNITURE + ROLES + SHORT_NAMES + PLACES + WORDS_THAT_ARE_NAMES


def _pairs(items: list[str | None]) -> set[tuple[int, int]]:
    return {
        (i, j) for i, a in enumerate(items) for j, b in enumerate(items) if i < j and a is not None and a == b
    }


@pytest.mark.parametrize("markup", CASES, ids=[c[:60] for c in CASES])
def test_names_beyond_the_knowledge_base(nlp: Language, markup: str) -> None:
    text, expected = parse(markup)
    records = run_text(nlp, text)
    found = [(m.start, m.end, m.label) for m in records.mentions if m.label != "DATE"]
    assert found == [(e.start, e.end, e.label) for e in expected]
    by_start = {m.start: m for m in records.mentions}
    kb_of = {e.key: e.kb_id for e in records.entities}
    for span in expected:
        if "kb" in span.attrs:
            wanted = None if span.attrs["kb"] == "none" else span.attrs["kb"]
            assert kb_of[by_start[span.start].entity] == wanted, span.text
    grouped = [e for e in expected if "entity" in e.attrs]
    assert _pairs([by_start[e.start].entity for e in grouped]) == _pairs([e.attrs["entity"] for e in grouped])
