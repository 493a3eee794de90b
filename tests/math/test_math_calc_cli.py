"""``tsy calc``: exit codes, JSON fields, clear errors (typer CliRunner against the sub-app)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tsy.cli._common import use_settings
from tsy.cli.calc import app
from tsy.config import load_settings
from tsy.errors import InputError

runner = CliRunner()


def _json(args: list[str]) -> dict:
    res = runner.invoke(app, [*args, "--format", "json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.output)


def test_bill_from_price_matches_auction():
    # Fiscal Data auctions_query_bills_2026-01.json, 912797SL2 (13-week, issued 2026-01-08,
    # 91 days): price 99.105167, high discount rate 3.540%, investment rate 3.622%.
    out = _json(["bill", "--price", "99.105167", "--days", "91", "--issue", "2026-01-08"])
    assert round(out["discount_rate"], 3) == pytest.approx(3.540)
    assert round(out["investment_rate"], 3) == pytest.approx(3.622)
    assert out["investment_formula"] == "simple"


def test_bill_from_discount_rate():
    # 31 CFR 356 App. B VI.A: 7.610%, 90 days -> 98.097500.
    out = _json(["bill", "--discount", "7.61", "--days", "90"])
    assert out["price_rounded"] == pytest.approx(98.0975, abs=1e-9)


def test_bond_treasury_convention_appendix_b_d():
    # App. B II.D: 9 1/2% dated 1985-11-15, settles 1985-11-29, 9.54% -> P = 99.730918 (with
    # accrued rounded to .367403 there; the CLI prints the exact accrued .3674033...).
    out = _json([
        "bond", "--coupon", "9.5", "--maturity", "1995-11-15", "--settle", "1985-11-29",
        "--dated", "1985-11-15", "--yield", "9.54", "--convention", "treasury",
    ])  # fmt: skip
    assert out["convention"] == "treasury"
    assert out["accrued"] == pytest.approx(0.367403, abs=5e-7)
    assert out["clean_price"] == pytest.approx(99.730918, abs=1e-6)
    for field in (
        "dirty_price",
        "next_coupon",
        "fraction_r_over_s",
        "modified_duration",
        "dv01_per_100",
    ):
        assert field in out


def test_bond_yield_from_price_street_default():
    out = _json([
        "bond", "--coupon", "4.5", "--maturity", "2033-11-15", "--settle", "2024-01-16",
        "--price", "98.5",
    ])  # fmt: skip
    # QuantLib 1.44 (Compounded, ActualActual Bond, same bond): 4.691482237284794%; the CLI
    # writes numbers of no stated unit to 6 decimals (tsy.units), as its table shows them.
    assert out["convention"] == "street"
    assert out["yield"] == round(4.691482237284794, 6)


def test_tips_with_cpi_file_reproduces_auction(shared_dir):
    # Fiscal Data 2023 export, 91282CGK1 (10-year TIPS, dated 2023-01-15, issued 2023-01-31):
    # ref CPI 297.87606 / 297.72071, index ratio 0.99948, unadj price 99.111641,
    # price_per100 (adjusted) 99.060103 at 1.220%.
    out = _json([
        "tips", "--coupon", "1.125", "--dated", "2023-01-15", "--maturity", "2033-01-15",
        "--settle", "2023-01-31", "--yield", "1.22", "--convention", "treasury",
        "--cpi-file", str(shared_dir / "data" / "fred" / "CPIAUCNS.csv"),
    ])  # fmt: skip
    assert out["ref_cpi_dated"] == pytest.approx(297.87606, abs=1e-9)
    assert out["ref_cpi_settle"] == pytest.approx(297.72071, abs=1e-9)
    assert out["index_ratio"] == pytest.approx(0.99948, abs=1e-12)
    assert round(out["real_clean_price"], 6) == pytest.approx(99.111641, abs=1e-9)
    assert round(out["adjusted_price"], 6) == pytest.approx(99.060103, abs=1e-9)


def test_tips_with_explicit_ref_cpis_and_price():
    out = _json([
        "tips", "--coupon", "1.125", "--dated", "2023-01-15", "--maturity", "2033-01-15",
        "--settle", "2023-01-31", "--price", "99.111641", "--convention", "treasury",
        "--ref-cpi-dated", "297.87606", "--ref-cpi-settle", "297.72071",
    ])  # fmt: skip
    assert round(out["real_yield"], 3) == pytest.approx(1.220)  # same auction record


def test_tips_without_cpi_is_a_clear_input_error(tmp_path):
    # settings of this invocation: a database that does not exist (another in-process test may
    # have left its own settings behind)
    use_settings(load_settings({"TSY_DB": str(tmp_path / "none.db")}))
    res = runner.invoke(app, [
        "tips", "--coupon", "1", "--dated", "2023-01-15", "--maturity", "2033-01-15",
        "--settle", "2023-01-31", "--yield", "1.2",
    ])  # fmt: skip
    assert res.exit_code != 0
    assert isinstance(res.exception, InputError)
    assert "--cpi-file" in str(res.exception)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["bill", "--days", "91"], "--price or --discount"),
        (["bill", "--days", "91", "--price", "99", "--discount", "4"], "exactly one"),
        (["bill", "--days", "-3", "--price", "99"], "days"),
        (["bond", "--coupon", "4", "--maturity", "2030-05-15", "--settle", "2031-01-01",
          "--yield", "4"], "settle"),
        (["bond", "--coupon", "4", "--maturity", "2030-05-15", "--settle", "2024-01-01",
          "--price", "-1"], "price"),
        (["bond", "--coupon", "4", "--maturity", "2030-99-15", "--settle", "2024-01-01",
          "--price", "99"], "maturity"),
        (["bond", "--coupon", "4", "--maturity", "2030-05-15", "--settle", "2024-01-01"],
         "--price or --yield ("),
        (["tips", "--coupon", "1", "--dated", "2023-01-15", "--maturity", "2033-01-15",
          "--settle", "2023-01-31", "--yield", "1.2", "--ref-cpi-dated", "297.87606",
          "--ref-cpi-settle", "0"], "--ref-cpi-settle"),
    ],
)  # fmt: skip
def test_bad_arguments_fail_with_a_message(args, needle):
    res = runner.invoke(app, args)
    assert res.exit_code != 0
    assert isinstance(res.exception, InputError)
    assert needle in str(res.exception)


def test_unknown_convention_is_a_usage_error():
    res = runner.invoke(app, [
        "bond", "--coupon", "4", "--maturity", "2030-05-15", "--settle", "2024-01-01",
        "--yield", "4", "--convention", "bloomberg",
    ])  # fmt: skip
    assert res.exit_code == 2  # click usage error
    assert "bloomberg" in res.output


@pytest.mark.parametrize(
    ("days", "discount", "issue", "price", "investment"),
    [
        # Fiscal Data auctions_query (fiscaldata_auctions_query_issue2010_2020.csv): 9127952R1,
        # 4-week, auctioned 2011-04-19, issued 2011-04-21: high discount 0.030%, price 99.997667,
        # investment rate 0.030% (from the unrounded price it would be 0.0305 -> 0.031).
        (28, "0.030", "2011-04-21", 99.997667, 0.030),
        # 912796JJ9, 13-week, auctioned 2016-12-27, issued 2016-12-29: 0.555% -> 99.859708,
        # investment rate 0.564% (0.563 from the unrounded price).
        (91, "0.555", "2016-12-29", 99.859708, 0.564),
    ],
)
def test_bill_from_discount_uses_the_price_rounded_to_six(days, discount, issue, price, investment):
    # 31 CFR 356 App. B VI.D: P is the price per 100 rounded to six places. Rates published to
    # three decimals: compare the rate rounded to three (tolerance 1e-9 on the rounded value).
    out = _json(["bill", "--days", str(days), "--discount", discount, "--issue", issue])
    assert out["price_rounded"] == pytest.approx(price, abs=1e-9)
    assert round(out["investment_rate"], 3) == pytest.approx(investment, abs=1e-9)
    assert out["discount_rate"] == pytest.approx(float(discount), abs=1e-12)


def test_bill_default_year_length_is_365():
    # No --issue: y = 365. App. B VI.D.1 works its example with y = 365: price 99.559444,
    # 20 days -> 8.076% (366 would give 8.098%).
    out = _json(["bill", "--price", "99.559444", "--days", "20"])
    assert out["year_days"] == 365
    assert round(out["investment_rate"], 3) == pytest.approx(8.076, abs=1e-9)
