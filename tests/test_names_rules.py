"""The general rules that find names the knowledge base does not know (issue 12), through
the real pipeline and model.

Inline markup as in ``test_stages.py``: every mention is marked, the rest of the text is
a negative. ``entity=`` groups mentions. The names are in no resource file (« Luxdev »,
« OCDA », « Zarkandi »), or only a part of them is (« Union africaine »).
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.helpers import run_text
from tests.markup import parse

ROLES_AND_APPOSITIONS = [
    # the body inside a role that the model took whole is a mention, the role is not
    "Sous la présidence de la Secrétaire générale de l'<ORG entity=o>OCDA</ORG>, la réunion a rassemblé "
    "l'Administrateur de l'<ORG entity=o>OCDA</ORG>, M. Dupont.",
    # the page names a one-word body: the model's place of that name and its other uses are the body
    "Instance de concertation entre les opérateurs de la <ORG entity=l>Lusophonie</ORG>, le conseil s’est réuni. "
    "Sous la présidence de la Secrétaire générale de la <ORG entity=l>Lusophonie</ORG>, la réunion a eu lieu. "
    "Les Jeux de la <ORG entity=l>Lusophonie</ORG> auront lieu à <LOC>Maputo</LOC>.",
    # an apposition calls a single word a body; the page's other uses of it follow
    "Le projet est confié à <ORG entity=l>Luxdev</ORG>, l'agence luxembourgeoise de coopération. "
    "<ORG entity=l>Luxdev</ORG> exécute les programmes.",
    # a person, a city and its apposition are no bodies
    "Il a rencontré Michel Barnier, l'agence a salué <LOC>Paris</LOC>, la ville lumière.",
]

PLACES = [
    # an administrative noun stays outside the place it introduces
    "Les soldats patrouillent dans la région de <LOC>Bamyan</LOC> et dans la province de <LOC>Kounar</LOC>.",
    # where the model finds a longer place, it keeps it: « Sar-e Pol », not « Sar »
    "Les soldats patrouillent dans la région de <LOC>Sar-e Pol</LOC> et dans la ville de <LOC>Qala-e-Naw</LOC>.",
    # one proper noun after « au », « en » where the model finds nothing; « au Siège de l'ONU » is a noun and
    # its complement (« au Ponant », a common noun the model proposed and the resolver refused, is none)
    "Les missions que l'<ORG>UE</ORG> conduit au <LOC>Valdor</LOC> sont prolongées, selon un communiqué "
    "publié au Siège de l'<ORG>ONU</ORG>.",
    "La mission opère en <LOC>Oultremer</LOC> <DATE>depuis 2019</DATE>.",
    # a known city that ends the model's longer place gives way: « New Amsterdam »
    "Les discussions engagées à <LOC>New Amsterdam</LOC> en <DATE>2018</DATE> sont closes.",
    # two places that are no countries, glued by a hyphen, are one region; two countries are two places
    "La sécurité dans la région <LOC>Asie-Océanie</LOC> et les relations <LOC>Inde</LOC>-<LOC>Pakistan</LOC>.",
    # a treaty is no mention, the place that names it is
    "Après la signature de l’accord de paix de <LOC>Marcoussis</LOC>, l’<ORG>ONU</ORG> a rappelé la "
    "convention de <LOC>Vandrelle</LOC> et les traités de <LOC>Bellecombe</LOC>.",
    # a line wrapped between a geographic head and its name
    "Le groupe a gagné l’<LOC>océan\nBoréal</LOC> en <DATE>2019</DATE>.",
    # a ship's name is no place, wherever the page repeats it
    "Un détachement de la <ORG>Royal Navy</ORG> a pris place à bord du Dixmude. Le capitaine qui commande "
    "le Dixmude a parlé.",
]

LONGEST_NAMES = [
    # the body a programme belongs to is a name of its own
    "Le <PROG>Fonds pour la stabilité</PROG> de l'<ORG>UA</ORG> a été relancé.",
    # a city after a comma, inside a name that an acronym closes (Swiss and Belgian style)
    "La <LOC>Suisse</LOC> offre les cours du <ORG entity=c>Centre de politique de défense, Lausanne</ORG> "
    "(<ORG entity=c>CPDL</ORG>).",
    # a participle after a complement, inside a name that an acronym closes
    "Des officiers sont affectés au <ORG entity=g>Grand quartier général des forces alliées en Afrique</ORG> "
    "(<ORG entity=g>GQFAA</ORG>), à <LOC>Lomé</LOC>.",
    # a treaty inside a body's name does not make the body's acronym a treaty's
    "Le pays est membre de l'<ORG entity=t>Organisation du traité de sécurité andine</ORG> "
    "(<ORG entity=t>OTSA</ORG>) <DATE>depuis 2002</DATE>.",
    # a capitalised head of events with an adjective of institutions is a body, and so is its acronym
    "La session de la <ORG entity=c>Conférence ministérielle de la Lusophonie</ORG> (<ORG entity=c>CML</ORG>) "
    "est attendue au <LOC>Togo</LOC>.",
    # a programme's head, but a list of bodies: an agency
    "Les agences et fonds des <ORG>Nations unies</ORG> comme le <ORG entity=p>Programme alimentaire régional</ORG> "
    "(<ORG entity=p>PAR</ORG>) ou l'<ORG>UNICEF</ORG> sont financés.",
    # a bare generic noun before a programme's name stays outside it
    "Le pays appuie le fonds <PROG entity=e>Éducation sans frontières</PROG> (<PROG entity=e>ESF</PROG>).",
    # ... and without such a list, a programme
    "Le <PROG entity=r>Programme de coopération régionale</PROG> (<PROG entity=r>PCR</PROG>) finance des bourses.",
    # a department's domains after its acronym, the list closed by « et »
    "Le <ORG>SPF Mobilité durable, Routes nationales et Voies navigables</ORG> a publié le rapport.",
    # a line wrapped after a generic noun; a mission's name with and without its year is one entity
    "Le groupe de la mission\n<ORG entity=b>Bora Vent 2019</ORG> a franchi la mer. La mission "
    "<ORG entity=b>Bora Vent</ORG> rentre.",
    # « auprès de » needs a name after it: « auprès d'autres pays » is none
    "Des experts servent dans les délégations de l’<ORG>Union</ORG> auprès d’autres pays.",
    # digits inside a name: « Groupe des 24 »
    "Des représentants du <ORG>Groupe des 24</ORG> étaient présents.",
]

CAPITALS_AND_SENTENCE_STARTS = [
    # capitals without accents still match the knowledge base; a generic noun in capitals opens nothing
    "LE <ORG>CONSEIL DE SECURITE</ORG> SALUE LE TRAVAIL DE L'<ORG>ORGANISATION MONDIALE DE LA SANTE</ORG>",
    "LA <LOC>FRANCE</LOC> ET LE <LOC>SENEGAL</LOC> SIGNENT",
    # an operation's codename that is an ordinary word proves nothing opening a sentence...
    "Turquoise est une couleur que le ministre aime.",
    # a place's one-word name opening a line, used as a common noun with its adjective
    "Communiqué final\n\nRéunion ministérielle du <ORG>Conseil de l'Atlantique Nord</ORG> tenue à <LOC>Riga</LOC>.",
    "Il vit à <LOC>La Réunion</LOC>. <LOC>Réunion</LOC>, <LOC>Guadeloupe</LOC> et <LOC>Martinique</LOC> sont concernées.",
    # ... unless the page writes it as a name elsewhere
    "<ORG entity=t>Turquoise</ORG> a pris fin en <DATE>1994</DATE>. L'opération <ORG entity=t>Turquoise</ORG> "
    "avait duré deux mois.",
]

LOWER_CASE_NAMES = [
    "La <ORG>force de réaction rapide</ORG> sera déployée ; l'<ORG>assemblée parlementaire</ORG> a voté.",
    "Le <ORG>conseil permanent</ORG> de l'organisation a siégé.",
    # common phrases with the same heads are no names
    "La force de l'<ORG>Alliance</ORG> et le comité de pilotage se sont réunis ; la commission a décidé "
    "et la réunion a eu lieu à <LOC>Bruxelles</LOC>.",
]

UNSEEN_PAGES = [
    # a demonym after « aux » is people, not a place; a common noun the model proposed and the
    # resolver refused is not put back by the fallback after « au »
    "Le coordonnateur responsable de l’aide aux Valdoriens déplacés a parlé.",
    "La <ORG>Coopération wallonne</ORG> au Rayonnement veut œuvrer avec ses partenaires.",
    # a department's known name that is exactly the span keeps its entry; the verb after it is no domain
    "Mission\n\nLe <ORG entity=s>SPF Affaires étrangères, Commerce extérieur et Coopération au développement</ORG> "
    "sert, défend et promeut les intérêts de la <LOC>Belgique</LOC>. Le <ORG entity=s>SPF Affaires étrangères</ORG> agit.",
    # the longest name a second definition of an acronym closes outranks a shorter name inside it
    "L'<ORG entity=o>Office agricole du Brenland</ORG> (<ORG entity=o>OAB</ORG>) est présent. Le projet, alerte "
    "l'<ORG entity=o>Office agricole du Brenland des Nations Unies</ORG> (<ORG entity=o>OAB</ORG>) dans son rapport.",
    "<ORG entity=p>Programme alimentaire mondial</ORG> (<ORG entity=p>PAM</ORG>)\n\nLes familles sont aidées par le "
    "<ORG entity=p>PAM</ORG> en <LOC>Syrie</LOC>. Le projet, alerte le <ORG entity=p>Programme alimentaire mondial "
    "des Nations Unies</ORG> (<ORG entity=p>PAM</ORG>) dans son rapport.",
    # a person's name after a body or a title is no part of it
    "Le CEO Kjell Brandvik a parlé devant le <ORG>Conseil national</ORG> Maja Rindvik.",
    # a line break before a capitalised article ends the name after a generic noun
    "Nouvelle agence, nouvelle mission\nLe nouveau nom vient parachever la réforme.",
]

CASES = (
    ROLES_AND_APPOSITIONS
    + PLACES
    + LONGEST_NAMES
    + CAPITALS_AND_SENTENCE_STARTS
    + LOWER_CASE_NAMES
    + UNSEEN_PAGES
)


def _pairs(items: list[str | None]) -> set[tuple[int, int]]:
    return {
        (i, j) for i, a in enumerate(items) for j, b in enumerate(items) if i < j and a is not None and a == b
    }


@pytest.mark.parametrize("markup", CASES, ids=[c[:60] for c in CASES])
def test_general_name_rules(nlp: Language, markup: str) -> None:
    text, expected = parse(markup)
    records = run_text(nlp, text)
    found = [(m.start, m.end, m.label, m.text) for m in records.mentions]
    assert found == [(e.start, e.end, e.label, e.text) for e in expected]
    by_start = {m.start: m for m in records.mentions}
    grouped = [e for e in expected if "entity" in e.attrs]
    assert _pairs([by_start[e.start].entity for e in grouped]) == _pairs([e.attrs["entity"] for e in grouped])


@pytest.mark.parametrize(
    "text",
    [
        "Nous condamnons fermement l’offensive du Mouvement du 12 avril (M23) soutenue par le Rwanda dans l’est.",
        "Réunion du Comité ad hoc de haut niveau sur le Brenland (K7)\nAddis-Abeba, le 16 février 2024.",
    ],
)
def test_a_code_of_letters_and_digits_is_no_place(nlp: Language, text: str) -> None:
    """« (M23) », « (C5) »: the acronym of a body, which the model may call a place."""
    records = run_text(nlp, text)
    assert [m.text for m in records.mentions if m.label == "PLACE" and any(c.isdigit() for c in m.text)] == []
