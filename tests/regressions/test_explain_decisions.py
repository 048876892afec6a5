"""``explain``: the resolver's decisions on French sentences, with the rule of each refusal."""

from __future__ import annotations

from spacy.language import Language

from bulletins.extraction.extract import explain


def test_refused_model_entities_show_their_rule(nlp: Language) -> None:
    heading = "DEVELOPMENT DYNAMICS IN AFRICA\n\nLe Conseil a siégé à Bruxelles le 4 octobre 2019."
    decisions = explain(nlp, heading)
    assert all(heading[d.start : d.end] == d.text for d in decisions)
    refused = {(d.text, d.rule) for d in decisions if d.verdict == "refused" and d.stage == "model"}
    assert ("DEVELOPMENT", "model-refused:heading-in-capitals") in refused
    kept = {(d.text, d.label, d.stage) for d in decisions if d.verdict == "kept"}
    assert {("Bruxelles", "PLACE", "gazetteer"), ("4 octobre 2019", "DATE", "dates")} <= kept

    role = explain(nlp, "Le Secrétaire général de l'OTAN a reçu le ministre.")
    refused = {(d.text, d.rule) for d in role if d.verdict == "refused"}
    assert ("Secrétaire général de l'OTAN", "model-refused:role-word") in refused
    assert [(d.text, d.label) for d in role if d.verdict == "kept"] == [("OTAN", "ORGANISATION")]


def test_lost_overlaps_name_their_winner(nlp: Language) -> None:
    decisions = explain(nlp, "La session de l'Assemblée générale a eu lieu à New York.")
    lost = {(d.text, d.stage, d.detail) for d in decisions if d.verdict == "overlap-lost"}
    assert ("New York", "model", "gazetteer place:city:US « New York » 47-55") in lost
    assert ("Assemblée générale", "names", "gazetteer AG-ONU:name « Assemblée générale » 16-34") in lost
