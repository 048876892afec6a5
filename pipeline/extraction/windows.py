"""The statistical model's stages on a long text, window by window, so that memory stays flat.

The model's stages (``tok2vec``, ``morphologizer``, ``senter``, ``attribute_ruler``,
``ner``) need working memory in proportion to the length of the doc they are given: about
330 MB for a piece of 100,000 characters, against some 80 MB for 25,000. On a doc longer
than ``MODEL_WINDOW`` characters they run on windows of it cut at line breaks, and what they
set (parts of speech, morphology, tags, sentence starts, entities) is copied back into the
whole doc; the rule stages (gazetteers, names, acronyms, dates, resolver) still see the whole
doc, so that a definition or a date early in the text serves later ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

import numpy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from thinc.types import Ints2d

MODEL_WINDOW = 20_000
MODEL_STAGES = ("tok2vec", "morphologizer", "senter", "attribute_ruler", "ner")
_COPIED: list[int | str] = ["POS", "TAG", "MORPH", "SENT_START"]


def needs_windows(text: str) -> bool:
    return len(text) > MODEL_WINDOW


def window_bounds(doc: Doc, limit: int = MODEL_WINDOW) -> list[tuple[int, int]]:
    """(start, end) token indexes of windows of at most about ``limit`` characters, each cut
    after a token that ends a paragraph (else a line, else a sentence, else where it must)."""
    bounds: list[tuple[int, int]] = []
    start = 0
    while start < len(doc) and doc[-1].idx + len(doc[-1]) - doc[start].idx > limit:
        floor, ceiling = doc[start].idx + limit // 2, doc[start].idx + limit
        cut = None
        for ends in (_ends_paragraph, _ends_line, _is_full_stop):
            for i in range(start + 1, len(doc)):
                token = doc[i]
                if token.idx > ceiling:
                    break
                if token.idx >= floor and ends(token):
                    cut = i + 1
            if cut is not None:
                break
        if cut is None:
            cut = next((i for i in range(start + 1, len(doc)) if doc[i].idx > ceiling), len(doc))
        while cut < len(doc) and doc[cut].is_space:
            cut += 1  # white space stays with the text before it, as spaCy's sentences keep it
        bounds.append((start, cut))
        start = cut
    if start < len(doc):
        bounds.append((start, len(doc)))
    return bounds


def _ends_paragraph(token: Token) -> bool:
    return "\n\n" in token.text_with_ws


def _ends_line(token: Token) -> bool:
    return "\n" in token.text_with_ws


def _is_full_stop(token: Token) -> bool:
    return token.text == "."


def _model_stages(nlp: Language) -> list[tuple[str, object]]:
    return [(name, stage) for name, stage in nlp.pipeline if name in MODEL_STAGES]


def run_in_windows(nlp: Language, doc: Doc) -> Doc | None:
    """``doc`` through the whole pipeline, the model's stages window by window; None when
    a stage failed (noted on the doc by the pipeline's error handler, as ``nlp.pipe`` does)."""
    model = _model_stages(nlp)
    done_model = False
    for name, stage in nlp.pipeline:
        try:
            if name in MODEL_STAGES:
                if not done_model:
                    _annotate_by_windows(doc, model)
                    done_model = True
                continue
            doc = stage(doc)
        except Exception as error:  # as in nlp.pipe: the handler notes why, the doc is left out
            nlp.default_error_handler(name, stage, [doc], error)
            return None
    return doc


def _windows(doc: Doc) -> Iterator[tuple[int, Doc]]:
    for start, end in window_bounds(doc):
        yield start, doc[start:end].as_doc()


def _annotate_by_windows(doc: Doc, model: list[tuple[str, object]]) -> None:
    arrays = []
    entities: list[Span] = []
    for offset, window in _windows(doc):
        for _, stage in model:
            window = stage(window)  # type: ignore[operator]
        values = window.to_array(_COPIED)
        values[0, _COPIED.index("SENT_START")] = 1  # a window starts a sentence
        arrays.append(values)
        entities += [Span(doc, e.start + offset, e.end + offset, label=e.label) for e in window.ents]
    doc.from_array(_COPIED, cast(Ints2d, numpy.concatenate(arrays)))
    doc.ents = entities
