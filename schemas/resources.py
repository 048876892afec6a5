"""Models of the resource files (gazetteers) that the pipeline loads at start-up."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bulletins.schemas.vocabulary import NameLabel, PlaceKind

_KEY_PATTERN = r"^[A-Z0-9][A-Z0-9-]*$"
# the kind ``bulletins candidates`` writes in the lines it proposes, for a curator to fix
UNKNOWN_KIND = "unknown"


def _no_blank(values: list[str]) -> list[str]:
    for value in values:
        if not value.strip() or value != value.strip():
            raise ValueError(f"name {value!r} is blank or has surrounding spaces")
    if len(set(values)) != len(values):
        raise ValueError("a name is listed twice")
    return values


Language = Literal["fr", "en", "de", "it", "nl", "es", "pt", "ar"]


class FormerName(BaseModel):
    """A name a body bore before it was renamed, with the years it was in use.

    The « Agence de coopération culturelle et technique » (ACCT, 1970–1998) is the
    former name of the « Organisation internationale de la Francophonie » (OIF).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    fr: list[str] = Field(default_factory=list)
    en: list[str] = Field(default_factory=list)
    acronyms: list[str] = Field(default_factory=list)
    since: int | None = Field(default=None, ge=1800, le=2100)
    until: int = Field(ge=1800, le=2100)

    _check_names = field_validator("fr", "en", "acronyms")(_no_blank)

    @model_validator(mode="after")
    def _named_and_ordered(self) -> FormerName:
        if not (self.fr or self.en or self.acronyms):
            raise ValueError("a former name needs at least one name or acronym")
        if self.since is not None and self.since > self.until:
            raise ValueError(f"since {self.since} is after until {self.until}")
        return self


class KnowledgeBaseEntry(BaseModel):
    """An organisation or programme these bulletins talk about.

    ``fr`` and ``en`` are its full names (``de``, ``it``, ``nl`` where bulletins use
    that official language: the Swiss « Eidgenössisches Departement für auswärtige
    Angelegenheiten »), ``acronyms`` its short forms, either as one list in any
    language (« OTAN », « NATO ») or by language (``{"fr": ["OTAN"], "en": ["NATO"]}``),
    ``short`` the capitalised common noun that stands for it when it is the one in the
    document (« l'Alliance »). ``parent`` is the id of the body it belongs to (``CAN`` →
    ``OTAN``); ``former`` its earlier names with their years; ``since`` the year its
    current name was given. ``ambiguous`` lists the names and acronyms it shares with
    other entries (« PSC »: the EU's Political and Security Committee and the AU's Peace
    and Security Council): each entry that shares a name must list it, and the document
    decides between them.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=_KEY_PATTERN)
    kind: str = Field(pattern=r"^[a-z][a-z-]*$")
    fr: list[str] = Field(min_length=1)
    en: list[str] = Field(default_factory=list)
    de: list[str] = Field(default_factory=list)
    it: list[str] = Field(default_factory=list)
    nl: list[str] = Field(default_factory=list)
    acronyms: list[str] | dict[Language, list[str]] = Field(default_factory=list)
    short: list[str] = Field(default_factory=list)
    parent: str | None = Field(default=None, pattern=_KEY_PATTERN)
    former: list[FormerName] = Field(default_factory=list)
    since: int | None = Field(default=None, ge=1800, le=2100)
    ambiguous: list[str] = Field(default_factory=list)

    _check_names = field_validator("fr", "en", "de", "it", "nl", "short", "ambiguous")(_no_blank)

    @field_validator("acronyms")
    @classmethod
    def _check_acronyms(cls, value: list[str] | dict[str, list[str]]) -> list[str] | dict[str, list[str]]:
        for values in value.values() if isinstance(value, dict) else [value]:
            _no_blank(values)
        return value

    @field_validator("fr", "en", "de", "it", "nl")
    @classmethod
    def _no_leading_article(cls, values: list[str]) -> list[str]:
        for value in values:
            if value.split()[0].lower() in {"la", "le", "les"} or value.lower().startswith("l'"):
                raise ValueError(f"name {value!r} starts with an article, which stays outside spans")
        return values

    @field_validator("kind")
    @classmethod
    def _kind_given(cls, value: str) -> str:
        if value == UNKNOWN_KIND:
            raise ValueError(
                f"kind {value!r} is the placeholder of a proposed line: give the entry its kind "
                f"(ministry, agency, mission, programme…)"
            )
        return value

    @model_validator(mode="after")
    def _consistent(self) -> KnowledgeBaseEntry:
        if self.parent == self.id:
            raise ValueError(f"entry {self.id!r} is its own parent")
        names = set(self.all_names())
        for shared in self.ambiguous:
            if shared not in names:
                raise ValueError(f"ambiguous name {shared!r} is none of the entry's names or acronyms")
        return self

    def acronym_list(self) -> list[str]:
        """Every acronym, in every language, in the order of the file, once."""
        if isinstance(self.acronyms, list):
            return list(self.acronyms)
        return list(dict.fromkeys(a for values in self.acronyms.values() for a in values))

    def full_names(self) -> list[str]:
        """Its current full names in every language, then its former ones."""
        current = [*self.fr, *self.en, *self.de, *self.it, *self.nl]
        former = [n for f in self.former for n in (*f.fr, *f.en)]
        return list(dict.fromkeys([*current, *former]))

    def all_acronyms(self) -> list[str]:
        """Its acronyms, then those of its former names."""
        return list(dict.fromkeys([*self.acronym_list(), *(a for f in self.former for a in f.acronyms)]))

    def all_names(self) -> list[str]:
        """Every name and acronym that stands for it (short forms aside)."""
        return [*self.full_names(), *self.all_acronyms()]


class PlaceEntry(BaseModel):
    """A named place that is not in CLDR's list of territories, or a variant of a country name."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    kind: PlaceKind
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")


class CityEntry(BaseModel):
    """A city, with its French (and other) names and the country it is in."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    names: list[str] = Field(min_length=1)
    country: str = Field(pattern=r"^[A-Z]{2}$")

    _check_names = field_validator("names")(_no_blank)


class NameGrammar(BaseModel):
    """The words the name grammar builds organisation and programme names from.

    A capitalised head (« Conseil », « Programme ») followed by complements makes a
    name; a lower-case head (« ministère ») needs a capitalised complement (« de la
    Défense »), or an acronym right after it; a generic noun (« l'exercice ») before
    a capitalised name stays outside the name (« Steppe Eagle »).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    organisation_heads: list[str] = Field(min_length=1)
    programme_heads: list[str] = Field(min_length=1)
    lowercase_heads_with_named_complement: dict[str, NameLabel]
    lowercase_heads_before_acronym: dict[str, NameLabel]
    english_programme_words: list[str]
    generic_nouns_before_names: dict[str, NameLabel]
    prepositions: list[str]
    articles: list[str]
    country_long_form_prefixes: list[str]
    words_that_start_no_name: list[str]
    place_heads: dict[str, PlaceKind]
    heads_that_start_another_name: list[str]
    adjective_endings: list[str]
    prepositions_needing_a_name: list[str]
    heads_of_things_that_are_no_mention: list[str]
    words_after_en_inside_names: list[str]
    prepositions_before_an_acronym: list[str]
    # « de », « d' », « du », « des »: the forms of « de » after « auprès », « et », a place head
    forms_of_de: list[str]
    # « German Marshall Fund », « Steppe Eagle »: small words a run of capitalised words keeps
    connectors_in_capitalised_runs: list[str]
    # the same, in the run of capitalised words that an acronym in parentheses closes
    connectors_before_an_acronym: list[str]
    # with those connectors, the words whose initial is no letter of an acronym
    words_that_give_no_initial: list[str]
    # knowledge-base kinds whose names keep the year after them: « Jeanne d'Arc 2018 »
    kinds_taking_a_year: list[str]
    # the auxiliary « avoir », whose participle is a past: « a eu lieu »
    forms_of_avoir: list[str]
    # capitalised heads that stand alone for a body the page names: « le Conseil », « la Cour »
    short_name_heads: list[str] = Field(default_factory=list)
    # the articles before such a short name: « la Commission », « l'Union », « du Conseil »
    articles_before_short_names: list[str] = Field(default_factory=list)
    # « aux droits de l'homme », « à l'économie »: prepositions whose lower-case complement
    # is the body's domain, inside its name
    prepositions_before_a_domain: list[str] = Field(default_factory=list)
    # « au sujet de », « à l'issue de »: nouns of prepositional phrases, never a domain
    nouns_of_compound_prepositions: list[str] = Field(default_factory=list)
    # « OTAN Hebdo »: words that make a publication's title after a body's acronym
    publication_words: list[str] = Field(default_factory=list)
    # « Afrique du Nord », « Balkans occidentaux »: what makes a region of a known place
    place_directions: list[str] = Field(default_factory=list)
    # « the NATO-Ukraine Council »: English head nouns that close a name, with its label
    english_heads: dict[str, NameLabel] = Field(default_factory=dict)
    # « Enabel, l'agence belge de développement »: lower-case nouns of bodies whose
    # apposition makes the word before the comma a body's name
    nouns_of_bodies_in_apposition: list[str] = Field(default_factory=list)
    # « la région de Faizabad », « la province de Cabo Delgado »: administrative nouns
    # before a place's name, outside it
    administrative_nouns_before_places: list[str] = Field(default_factory=list)
    # « organisations internationales, parmi lesquelles … le Programme des Nations unies pour
    # le développement (PNUD) »: plural nouns whose list makes a programme's head a body's
    plural_nouns_of_bodies: list[str] = Field(default_factory=list)
    # « la frégate Provence », « à bord du Dixmude »: nouns before a ship's name, which is
    # no mention (GUIDELINES « Not annotated »), anywhere in the page
    nouns_before_ships: list[str] = Field(default_factory=list)
    # knowledge-base kinds whose one-word names are ordinary words (« Turquoise »,
    # « Sentinelle »): opening a sentence, their capital proves nothing
    kinds_named_by_ordinary_words: list[str] = Field(default_factory=list)
    # « la force de réaction rapide », « l'assemblée parlementaire »: lower-case heads of
    # bodies that an official name keeps, after « le », « la », « l' » ...
    lowercase_body_heads: list[str] = Field(default_factory=list)
    # ... when an adjective of these follows the head, or « de », a noun and an adjective
    adjectives_of_institutions: list[str] = Field(default_factory=list)
    # « la convention de Lomé », « l'accord de paix de Dayton »: a treaty is no mention, the
    # place that names it is
    treaties_named_by_places: list[str] = Field(default_factory=list)

    @field_validator("organisation_heads", "programme_heads")
    @classmethod
    def _capitalised(cls, values: list[str]) -> list[str]:
        for value in values:
            if not value[:1].isupper():
                raise ValueError(f"head {value!r} must be capitalised")
        return _no_blank(values)


class RoleWords(BaseModel):
    """Roles and titles, which are no names (GUIDELINES « Not annotated »): ``words`` open
    or close a title (« Haute », « Vice-premier »), ``titles`` are whole ones (« Haute
    Représentante », « Représentant spécial »). The body inside a role stays a name:
    « Secrétaire général de l'ONU » → ``ONU``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    words: list[str] = Field(min_length=1)
    titles: list[str] = Field(default_factory=list)

    _check_words = field_validator("words", "titles")(_no_blank)

    @field_validator("words")
    @classmethod
    def _one_word(cls, values: list[str]) -> list[str]:
        for value in values:
            if " " in value:
                raise ValueError(f"role word {value!r} is two words: put it under titles")
        return values


_VERB_FEATURES = r"^(Mood=(Ind|Cnd|Sub)\|)?(Tense=(Pres|Past|Imp|Fut)\|)?VerbForm=(Fin|Inf|Part)$"


def _lower_words(values: list[str]) -> list[str]:
    _no_blank(values)
    for value in values:
        if value != value.lower():
            raise ValueError(f"word {value!r} must be written in lower case")
    return values


class LexicalTags(BaseModel):
    """The word lists the lexical tagger gives parts of speech from, without a statistical
    model: closed classes as lists (« le », « de », « qui », « et », « que »), the forms of
    « être » and « avoir » with their morphology (« sera »: ``Mood=Ind|Tense=Fut|VerbForm=Fin``),
    and the endings that give a verb form its tense (« -ra » of « tiendra »: the future) or
    guess the class of a word the lexicon does not know (« -tion »: a noun).

    A word in two lists takes the first of: auxiliaries, determiners, prepositions,
    coordinating conjunctions, subordinating conjunctions, pronouns, adverbs.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    determiners: list[str] = Field(min_length=1)
    prepositions: list[str] = Field(min_length=1)
    pronouns: list[str] = Field(min_length=1)
    coordinating_conjunctions: list[str] = Field(min_length=1)
    subordinating_conjunctions: list[str] = Field(min_length=1)
    adverbs: list[str] = Field(min_length=1)
    auxiliaries: dict[str, Annotated[str, Field(pattern=_VERB_FEATURES)]] = Field(min_length=1)
    verb_endings: VerbEndings
    noun_endings: list[str]
    adjective_endings: list[str]
    adverb_endings: list[str]
    # « les Syriens », « un Somalien »: a capitalised adjective with such an ending names the
    # people of a place, a common noun
    nationality_endings: list[str] = Field(default_factory=list)

    _check_words = field_validator(
        "determiners",
        "prepositions",
        "pronouns",
        "coordinating_conjunctions",
        "subordinating_conjunctions",
        "adverbs",
        "noun_endings",
        "adjective_endings",
        "adverb_endings",
        "nationality_endings",
    )(_lower_words)


class VerbEndings(BaseModel):
    """Verb endings and the morphology each gives: « -era » → future. ``first_group`` for the
    verbs in -er, ``other`` for the rest; the longest ending that ends a form decides. A form
    whose ending is in ``participle_after_auxiliary`` (« dit », « réunis ») is a participle
    right after an auxiliary (« a dit »), else the finite form its ending gives."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    first_group: list[tuple[str, Annotated[str, Field(pattern=_VERB_FEATURES)]]] = Field(min_length=1)
    other: list[tuple[str, Annotated[str, Field(pattern=_VERB_FEATURES)]]] = Field(min_length=1)
    participle_after_auxiliary: list[str] = Field(default_factory=list)


LexicalTags.model_rebuild()
