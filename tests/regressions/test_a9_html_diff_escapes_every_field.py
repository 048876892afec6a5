"""A9/D9: stored XSS in ``diff --format html`` through a dataset's fields. Every field the
page shows is escaped, and class names come from a fixed vocabulary."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from bulletins.cli.app import app
from bulletins.review.diff import Side, compare
from bulletins.review.views import html_view
from bulletins.schemas.diff import MentionView
from tests.regressions.datasets import bulletin, edit_lines, mention, rehash, small_dataset, write_dataset

runner = CliRunner()
PAYLOAD = '"><script>alert(document.domain)</script>'


def _assert_no_injected_script(page: str) -> None:
    assert page.lower().count("<script") == 1  # the page's own filter script only
    assert "<script>alert" not in page


def test_hostile_entity_value_id_and_text_are_escaped(tmp_path: Path) -> None:
    bulletin_id = f"b{PAYLOAD}"
    text = f"Le Conseil de l'OTAN {PAYLOAD} à Bruxelles le 3 mars 2019.\n"
    old = small_dataset(tmp_path / "old", text, bulletin_id)
    otan, place, date, hostile = (text.index(s) for s in ("OTAN", "Bruxelles", "3 mars 2019", "<script>"))
    new = write_dataset(
        tmp_path / "new",
        [
            (
                bulletin(bulletin_id, text),
                [
                    mention(bulletin_id, text, otan, otan + 4, "ORGANISATION", entity=PAYLOAD),
                    mention(bulletin_id, text, hostile, hostile + 8, "PROGRAMME", entity=PAYLOAD),
                    mention(bulletin_id, text, place, place + 9, "ORGANISATION", entity=PAYLOAD),
                    mention(bulletin_id, text, date, date + 11, "DATE", value=PAYLOAD),
                ],
            )
        ],
    )
    page = tmp_path / "x.html"
    result = runner.invoke(app, ["diff", str(old), str(new), "--format", "html", "-o", str(page)])
    assert result.exit_code == 0, result.output
    content = page.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(document.domain)&lt;/script&gt;" in content  # shown, as text
    _assert_no_injected_script(content)


def test_an_edited_label_is_refused_and_never_reaches_the_page(tmp_path: Path) -> None:
    old = small_dataset(tmp_path / "old")
    new = tmp_path / "new"
    shutil.copytree(old, new)
    edit_lines(
        new / "mentions.jsonl", lambda i, value: {**value, "label": f"X{PAYLOAD}"} if i == 0 else value
    )
    rehash(new)  # a careful forger: the manifest verifies
    page = tmp_path / "x3.html"
    result = runner.invoke(app, ["diff", str(old), str(new), "--format", "html", "-o", str(page)])
    assert result.exit_code == 2 and "mentions.jsonl:1: label" in result.output
    assert not page.exists()


def test_the_view_escapes_labels_it_is_given(tmp_path: Path) -> None:
    text = "Le Conseil de l'OTAN à Bruxelles."
    label = f"X{PAYLOAD}"
    hostile = MentionView(start=14, end=18, label=label, text="OTAN", entity=PAYLOAD)
    before = Side(texts={"b": text}, mentions={"b": []})
    after = Side(texts={"b": text}, mentions={"b": [hostile]})
    content = html_view(compare(before, after), before, after, title=PAYLOAD)
    _assert_no_injected_script(content)
    assert 'class="L-other k-added"' in content and f"L-{label}" not in content
