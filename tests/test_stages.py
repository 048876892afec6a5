"""The name stages on real French sentences, through the real pipeline and model.

Every mention the pipeline should find is marked inline; everything else in the sentence
must stay unmarked (the negatives). ``entity=`` values name groups: mentions that share a
value must share an entity, and mentions with different values must not.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.helpers import run_text
from tests.markup import parse

CASES = [
    # gazetteer: knowledge base, places, articles left outside
    "L'<LOC country=UZ>Ouzbékistan</LOC> coopère avec l’<ORG entity=a>OTAN</ORG>.",
    "La <LOC country=RO>Roumanie</LOC> et la <LOC country=MD>République de Moldova</LOC> ont signé.",
    "Le ministre a rencontré la <LOC country=RU>Fédération de Russie</LOC> et la <LOC country=KR>Corée du Sud</LOC>.",
    "Les liens entre l'<ORG entity=a>OTAN</ORG> et la <LOC country=AM>République d’Arménie</LOC> sont anciens.",
    "Des troupes au <LOC country=XK>Kosovo</LOC> et en <LOC country=AF>Afghanistan</LOC>.",
    "La sécurité dans le <LOC>Caucase du Sud</LOC> et en <LOC>mer Noire</LOC> reste fragile.",
    "Le bureau de <LOC>Tachkent</LOC> couvre l’<LOC>Asie centrale</LOC>.",
    # acronym definitions, French long forms with English letters
    "Le <ORG entity=e>Centre euro-atlantique de coordination des réactions en cas de catastrophe</ORG> (<ORG entity=e>EADRCC</ORG>) a aidé le pays. L’<ORG entity=e>EADRCC</ORG> est à <LOC>Bruxelles</LOC>.",
    "Le pays participe au <PROG entity=d>programme de renforcement de la formation « défense »</PROG> (<PROG entity=d>DEEP</PROG>) de l'<ORG entity=o>OTAN</ORG>.",
    "La <ORG entity=c>Commission électorale nationale indépendante</ORG> (<ORG entity=c>CENI</ORG>) a reporté le vote ; la <ORG entity=c>CENI</ORG> a expliqué pourquoi.",
    "L'initiative <PROG entity=c>CABSI</PROG> (<PROG entity=c>Central Asia Border Security Initiative</PROG>) réunit les pays.",
    "La <ORG entity=u>Direction générale Coopération au développement et Aide humanitaire</ORG> (<ORG entity=u>DGD</ORG>) finance le projet.",
    # the name grammar: head nouns and their complements
    "Le général, qui commande l’<ORG>Académie militaire interarmes de Mauritanie</ORG>, a été reçu.",
    "Il a rencontré des membres du <ORG>Conseil national de sécurité</ORG> et de la <ORG>Direction de la coopération militaire</ORG>.",
    "Il a visité l’<ORG>université Al Farabi</ORG>, à <LOC>Almaty</LOC>.",
    "Le <ORG entity=m>ministère de la Défense</ORG> et le <ORG entity=f>ministère des Affaires étrangères</ORG> ont été consultés.",
    "La <ORG>Sixième Commission</ORG> examine le rapport ; la <ORG>Force de mise en œuvre</ORG> (<ORG>IFOR</ORG>) a suivi.",
    "Le pays rejoint l’<PROG entity=p>initiative pour l’interopérabilité avec les partenaires</PROG> (<PROG entity=p>PII</PROG>).",
    "Le <ORG>NATO</ORG> Secretary General a salué l’<ORG>Organisation mondiale des douanes</ORG>.",
    # a generic noun before a name stays outside
    "Le pays accueille chaque année l’exercice <PROG>Steppe Eagle</PROG>.",
    "Les navires ont pris part à l’exercice <PROG>Griffin Strike</PROG>.",
    # short names stand for the body named in the document
    "L’<ORG entity=n>OTAN</ORG> a salué l’engagement du pays. L’<ORG entity=n>Alliance</ORG> poursuit son aide.",
    "Le <ORG entity=c>Conseil de l’Union européenne</ORG> a décidé. Le <ORG entity=c>Conseil</ORG> rappelle sa position.",
    # names inside a role are mentions; roles, demonyms and generic nouns are not
    "Le Secrétaire général de l’<ORG>OTAN</ORG> a reçu le ministre arménien de la Défense.",
    "Les Alliés et les pays partenaires ont salué les forces armées ouzbèkes.",
    "La sécurité euro-atlantique et la coopération européenne progressent.",
    # an acronym opens a longer name; a policy and its acronym are no mention; headings in capitals neither
    "Les mandats d'<ORG>EUBAM Rafah</ORG> et d'<ORG>EUPOL COPPS</ORG> sont prolongés, selon <ORG>ONU Info</ORG>.",
    "Au titre de sa politique de sécurité et de défense commune (PSDC), la PSDC guide l'action.",
    "AFRICA'S DEVELOPMENT DYNAMICS\nOVERVIEW\n\nL'<ORG>UA</ORG> vous invite à contribuer.",
    # dates beside names: a year inside a name stays in the name
    "L’<PROG>Agenda 2063</PROG> de l’<ORG>Union africaine</ORG> fixe le cap.",
    "La mission <ORG>Jeanne d’Arc 2018</ORG> a quitté <LOC>Toulon</LOC>.",
]


def _pairs(items: list[tuple[str, str | None]]) -> set[tuple[int, int]]:
    return {
        (i, j)
        for i, (_, a) in enumerate(items)
        for j, (_, b) in enumerate(items)
        if i < j and a is not None and a == b
    }


@pytest.mark.parametrize("markup", CASES, ids=[c[:60] for c in CASES])
def test_name_stages(nlp: Language, markup: str) -> None:
    text, expected = parse(markup)
    records = run_text(nlp, text)
    found = [(m.start, m.end, m.label) for m in records.mentions if m.label != "DATE"]
    assert found == [(e.start, e.end, e.label) for e in expected]
    by_start = {m.start: m for m in records.mentions}
    for span in expected:
        if "country" in span.attrs:
            assert by_start[span.start].country == span.attrs["country"]
    grouped = [e for e in expected if e.label in {"ORGANISATION", "PROGRAMME"}]
    expected_groups = _pairs([(e.text, e.attrs.get("entity")) for e in grouped])
    found_groups = _pairs([(e.text, by_start[e.start].entity) for e in grouped])
    assert found_groups >= expected_groups
    marked = {e for e in (e.attrs.get("entity") for e in grouped) if e}
    if len(marked) > 1:
        keys = {g: {by_start[e.start].entity for e in grouped if e.attrs.get("entity") == g} for g in marked}
        assert len({frozenset(v) for v in keys.values()}) == len(marked)


def test_known_entities_share_keys_across_bulletins(nlp: Language) -> None:
    first = run_text(nlp, "L’OTAN et le Partenariat pour la paix (PPP).")
    second = run_text(nlp, "Le PPP a été lancé par l’Alliance atlantique.")
    keys = {(e.name, e.kb_id) for e in [*first.entities, *second.entities]}
    assert ("Partenariat pour la paix", "PPP") in keys
    assert {e.kb_id for e in second.entities} == {"PPP", "OTAN"}


def test_offsets_hold_on_curly_quotes_and_no_break_spaces(nlp: Language) -> None:
    text = "En avril\u00a02003, l’Ouzbékistan a accueilli l’exercice de l’EADRCC\u202f; la Nouvelle\u2011Zélande aussi."
    records = run_text(nlp, text)
    assert {m.text for m in records.mentions} >= {
        "avril\u00a02003",
        "Ouzbékistan",
        "EADRCC",
        "Nouvelle\u2011Zélande",
    }
    for mention in records.mentions:
        assert text[mention.start : mention.end] == mention.text
