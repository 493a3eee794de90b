"""``tsy import`` shows a progress bar per file in a terminal, then the table; ``--quiet`` not."""

from __future__ import annotations

import re

from tests.conftest import DATA, run_tsy

#: Three real files (data/fred): the bar counts them 1/3, 2/3, 3/3.
FILES = [str(DATA / "fred" / f"{i}.csv") for i in ("DGS10", "DFII10", "DGS5")]
#: rich treats a FORCE_COLOR console as a terminal: what a user at a terminal sees.
TERMINAL = {"FORCE_COLOR": "1", "TTY_COMPATIBLE": "1"}


def test_progress_bar_then_the_table(tmp_path):
    r = run_tsy("import", *FILES, db=tmp_path / "t.db", env=TERMINAL)
    assert r.returncode == 0, r.stderr
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", r.stderr)
    assert "importing files" in plain
    assert re.search(r"\b3/3\b", plain)  # rich's MofN column reached the last file
    # Intermediate frames depend on rich's refresh timing; the final frame (drawn on stop) always
    # shows the last file done, by name.
    assert "DGS5.csv (imported)" in plain
    assert "imported 3, skipped 0, failed 0 files" in plain
    assert "DGS10.csv" in r.stdout  # the table follows, on stdout


def test_quiet_prints_only_the_listing(tmp_path):
    r = run_tsy("import", "--quiet", *FILES, "-f", "json", db=tmp_path / "t.db", env=TERMINAL)
    assert r.returncode == 0
    assert r.stderr == ""
    assert '"status": "imported"' in r.stdout


def test_piped_import_draws_no_bar(tmp_path):
    r = run_tsy("import", *FILES, db=tmp_path / "t.db")
    assert "importing files" not in r.stderr
