"""The HTML report: valid, offline, every figure and table captioned, Chinese fully translated."""

from __future__ import annotations

import re
import warnings
from html.parser import HTMLParser

import html5lib
import pytest
from typer.testing import CliRunner

from tests.conftest import load_shared_series
from tsy.report.charts import CHARTS, render_chart
from tsy.report.fonts import cjk_font_name
from tsy.report.html import LAYOUT


class _Collect(HTMLParser):
    """Tags, their attributes, and the text under headings / table heads / captions."""

    WATCH = {"h1", "h2", "h3", "th", "caption", "figcaption", "title", "nav", "legend", "label"}

    def __init__(self) -> None:
        super().__init__()
        self.attrs: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.texts: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.attrs.append((tag, dict(attrs)))
        if tag not in ("img", "meta", "br", "link", "input"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        watched = [t for t in self.stack if t in self.WATCH]
        if watched and data.strip():
            self.texts.append((watched[-1], data.strip()))


def _parse(html: str) -> _Collect:
    p = _Collect()
    p.feed(html)
    return p


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_is_valid_html(reports, lang):
    # html5lib in strict mode raises on any parse error (unclosed tags, bad nesting, ...)
    html5lib.HTMLParser(strict=True).parse(reports[lang])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_opens_offline(reports, lang):
    p = _parse(reports[lang])
    for tag, attrs in p.attrs:
        for key in ("src", "href", "data", "poster", "srcset"):
            value = attrs.get(key)
            if value is None:
                continue
            assert value.startswith(("data:", "#")), f"<{tag} {key}={value[:60]}>"
        assert not (tag == "link" and attrs.get("rel") == "stylesheet")
    assert not re.search(r"url\(\s*['\"]?https?:", reports[lang])
    assert not re.search(r"@import", reports[lang])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_section_figure_and_table_with_caption(reports, lang):
    html = reports[lang]
    src_word = "Source:" if lang == "en" else "来源："
    for key, (charts, tables) in LAYOUT.items():
        assert f'<section id="{key}">' in html
        for c in charts:
            m = re.search(rf'<figure id="fig-{c}">.*?<figcaption>(.*?)</figcaption>', html, re.S)
            assert m, f"figure {c} missing"
            assert src_word in m.group(1)
            assert re.search(r"\d{4}", m.group(1)), "caption names dates"
        for tname in tables:
            m = re.search(rf'<table id="table-{tname}">\s*<caption>(.*?)</caption>', html, re.S)
            assert m, f"table {tname} missing"
            assert src_word in m.group(1)
    assert 'class="missing"' not in html  # every section had its data in the shared store


def test_zh_report_has_no_english_headings(reports):
    p = _parse(reports["zh"])
    english = [
        (tag, text)
        for tag, text in p.texts
        if re.search(r"\b[A-Za-z]*[a-z]{3,}\b", re.sub(r"\btsy\b", "", text))
    ]
    assert english == []
    assert '<html lang="zh-CN">' in reports["zh"]


def test_headline_matches_the_monitor(report_data, reports):
    score = report_data.monitor.stress.score
    for lang in ("en", "zh"):
        m = re.search(r'id="headline-score">([^<]+)<', reports[lang])
        assert m and m.group(1) == f"{score:.0f}"
    # the monitor's default as-of: the latest date with equity, DGS10 and dollar data (SP500.csv
    # and DGS10.csv run to 2026-08-20, DTWEXBGS.csv to 2026-07-24, DXY.csv to 2026-07-23)
    assert "2026年7月24日" in reports["zh"]
    for lang, start in (("en", "Haven state"), ("zh", "避险状态")):
        m = re.search(r'id="headline-state"><strong>([^<]+)<', reports[lang])
        assert m and m.group(1).startswith(start)  # the report opens with the state line


def test_zh_chart_renders_with_a_cjk_font(report_data, tmp_path):
    assert cjk_font_name() == "Noto Sans CJK SC"  # from the noto-cjk-sans-otc package
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig, caption = render_chart("auctions", report_data, "zh")
        fig.savefig(tmp_path / "auctions_zh.png")
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert missing == []
    assert (tmp_path / "auctions_zh.png").stat().st_size > 10_000
    assert caption.startswith("来源：")


def test_curve_table_numbers_come_from_the_files(report_data):
    # 10y breakeven = DGS10 - DFII10 on the same date (data/fred/DGS10.csv, DFII10.csv, 2022-02-11)
    frame = report_data.curves[10]
    day = "2022-02-11"
    expected = load_shared_series("DGS10")[day] - load_shared_series("DFII10")[day]
    assert frame.loc[day, "breakeven_pct"] == pytest.approx(expected, abs=1e-9)
    assert set(CHARTS) >= {f"curve_{k}y" for k in (5, 7, 10, 20, 30)}


def _report_cli(settings, *args: str):
    """``tsy --db <the shared store> report ARGS`` through Typer's runner."""
    from tsy.cli import app

    return CliRunner().invoke(app, ["--db", str(settings.db_path), "report", *args])


def test_cli_report_as_of_in_chinese(settings, tmp_path):
    out = tmp_path / "r.html"
    res = _report_cli(settings, "--lang", "zh", "--as-of", "2025-04-11", "--out", str(out))
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    assert "2025年4月11日" in html
    assert "91282CMW8" in html  # the 3-year auction of 2025-04-08 is among the latest
    # the state line and the alerts of that day in Chinese (2025-04-11: equities up, calm; the
    # 10y rose 47bp in 5 days to 2025-04-11, data/fred/DGS10.csv)
    assert (
        "避险状态 2025年4月11日：平静" in html and "收益率速度 2025年4月7日–2025年4月11日" in html
    )
    assert "velocity" not in html and "triple fall" not in html
    assert "+47个基点" in html


def test_auction_row_matches_the_source_file(reports):
    # data/treasury/auctions/coupon_auction_metrics_derived_..._EXCERPT.csv, row 2026-07-07
    # 91282CQZ7 (3-year): high_yield 4.179, bid_to_cover 2.6, direct_pct 24.7549... (the last
    # new issue before the default as-of date, 2026-07-24)
    row = re.search(r"<tr><td>2026年7月7日</td><td>91282CQZ7</td>(.*?)</tr>", reports["zh"], re.S)
    assert row, "the 2026-07-07 3-year auction is in the latest-auctions table"
    cells = re.findall(r"<td>(.*?)</td>", row.group(1))
    assert cells[0] == "3年期"
    assert cells[1] == "4.18%" and cells[2] == "2.60" and cells[4] == "24.8%"


def test_cli_report_bad_input(settings, tmp_path):
    res = _report_cli(settings, "--lang", "fr", "--out", str(tmp_path / "x.html"))
    assert res.exit_code != 0
    assert "expected one of en, zh" in str(res.exception or res.output)


def test_cli_chart_metal_reads_its_cycles(settings, tmp_path):
    from tsy.cli import app

    out = tmp_path / "gold.png"
    res = CliRunner().invoke(
        app,
        ["--db", str(settings.db_path), "chart", "report", "metal_gold", "--out", str(out)],
    )
    assert res.exit_code == 0, res.output
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # the gold chart's footer names the Fed's upper target series (hiking cycles shaded)
    assert "DFEDTARU" in res.output


@pytest.mark.parametrize("as_of", ["1995-06-30", "2008-10-10"])
def test_report_for_early_dates_builds_with_what_exists(settings, as_of):
    # Before 2010-02-22 there is no 30y TIPS (data/fred/DFII30.csv) and before 2003 no TIPS at
    # all (DFII5/10 start 2003-01-02): those charts say why they are missing, the rest render.
    from tsy.report.html import build_report

    html = build_report(lang="en", as_of=as_of, settings=settings)
    assert 'class="missing"' in html
    if as_of == "2008-10-10":
        assert "DFII30" in html  # the 30y curve names the series that starts later
        assert html.count("data:image/png") >= 4  # 5/7/10/20y curves (and others) are drawn
