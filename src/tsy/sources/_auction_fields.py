"""Treasury auction fields: Fiscal Data's own names, types and the aliases other sources use.

The ``auctions`` store table uses the field names of Fiscal Data's ``auctions_query`` dataset
(``v1/accounting/od/auctions_query``, see
https://fiscaldata.treasury.gov/datasets/treasury-securities-auctions-data/) as its columns, plus
``source`` (``"fiscaldata"`` or ``"treasurydirect"``). Values are converted once here:

* dates -> ISO ``YYYY-MM-DD`` strings;
* :data:`NUMERIC_FIELDS` -> float (amounts in dollars, as Fiscal Data gives them; rates, yields
  and prices in percent / per 100 as published);
* the string ``"null"``, blank and absent -> ``None`` (text, dates) or NaN (numbers).

TreasuryDirect's ``TA_WS/securities/search`` JSON (camelCase) and its ``Securities.csv`` export
(Fiscal Data's labels as headers) are mapped onto the same names by :data:`TD_JSON_FIELDS` and
:data:`LABELS`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from tsy.errors import SchemaError
from tsy.sources._payload import require_fields

__all__ = [
    "DATE_FIELDS",
    "FIELDS",
    "FIELD_BY_LABEL",
    "KEY",
    "LABELS",
    "NUMERIC_FIELDS",
    "TD_JSON_FIELDS",
    "auctions_frame",
]

#: Fiscal Data field -> label (from the dataset's ``meta.labels``; TreasuryDirect's CSV headers).
LABELS: dict[str, str] = {
    "record_date": "Record Date",
    "cusip": "CUSIP",
    "security_type": "Security Type",
    "security_term": "Security Term",
    "auction_date": "Auction Date",
    "issue_date": "Issue Date",
    "maturity_date": "Maturity Date",
    "price_per100": "Price per $100",
    "accrued_int_per100": "Accrued Interest per $100",
    "accrued_int_per1000": "Accrued Interest per $1,000",
    "adj_accrued_int_per1000": "Adjusted Accrued Interest per $1,000",
    "adj_price": "Adjusted Price",
    "allocation_pctage": "Allocation Percentage",
    "allocation_pctage_decimals": "Allocation Percentage Decimals",
    "announcemtd_cusip": "Announced CUSIP",
    "announcemt_date": "Announcement Date",
    "auction_format": "Auction Format",
    "avg_med_discnt_rate": "Average/Median Discount Rate",
    "avg_med_investment_rate": "Average/Median Investment Rate",
    "avg_med_price": "Average/Median Price",
    "avg_med_discnt_margin": "Average/Median Discount Margin",
    "avg_med_yield": "Average/Median Yield",
    "back_dated": "Back Dated",
    "back_dated_date": "Back Dated Date",
    "bid_to_cover_ratio": "Bid-to-Cover Ratio",
    "callable": "Callable",
    "call_date": "Call Date",
    "called_date": "Called Date",
    "cash_management_bill_cmb": "Cash Management Bill (CMB)",
    "closing_time_comp": "Closing Time (ET) - Competitive",
    "closing_time_noncomp": "Closing Time (ET) - Noncompetitive",
    "comp_accepted": "Competitive Accepted",
    "comp_bid_decimals": "Competitive Bid Decimals",
    "comp_tendered": "Competitive Tendered",
    "comp_tenders_accepted": "Competitive Tenders Accepted",
    "corpus_cusip": "Corpus CUSIP",
    "cpi_base_reference_period": "CPI Base Reference Period",
    "currently_outstanding": "Currently Outstanding",
    "dated_date": "Dated Date",
    "direct_bidder_accepted": "Direct Bidder Accepted",
    "direct_bidder_tendered": "Direct Bidder Tendered",
    "est_pub_held_mat_by_type_amt": "Estimated Amount of Publicly Held Maturing Securities by Type",
    "fima_included": "FIMA Included",
    "fima_noncomp_accepted": "FIMA Noncompetitive Accepted",
    "fima_noncomp_tendered": "FIMA Noncompetitive Tendered",
    "first_int_period": "First Interest Period",
    "first_int_payment_date": "First Interest Payment Date",
    "floating_rate": "Floating Rate",
    "frn_index_determination_date": "FRN Index Determination Date",
    "frn_index_determination_rate": "FRN Index Determination Rate",
    "high_discnt_rate": "High Discount Rate",
    "high_investment_rate": "High Investment Rate",
    "high_price": "High Price",
    "high_discnt_margin": "High Discount Margin",
    "high_yield": "High Yield",
    "index_ratio_on_issue_date": "Index Ratio On Issue Date",
    "indirect_bidder_accepted": "Indirect Bidder Accepted",
    "indirect_bidder_tendered": "Indirect Bidder Tendered",
    "int_payment_frequency": "Interest Payment Frequency",
    "int_rate": "Interest Rate",
    "low_discnt_rate": "Low Discount Rate",
    "low_investment_rate": "Low Investment Rate",
    "low_price": "Low Price",
    "low_discnt_margin": "Low Discount Margin",
    "low_yield": "Low Yield",
    "mat_date": "Maturing Date",
    "max_comp_award": "Maximum Competitive Award",
    "max_noncomp_award": "Maximum Noncompetitive Award",
    "max_single_bid": "Maximum Single Bid",
    "min_bid_amt": "Minimum Bid Amount",
    "min_strip_amt": "Minimum Strip Amount",
    "min_to_issue": "Minimum To Issue",
    "multiples_to_bid": "Multiples To Bid",
    "multiples_to_issue": "Multiples To Issue",
    "nlp_exclusion_amt": "NLP Exclusion Amount",
    "nlp_reporting_threshold": "NLP Reporting Threshold",
    "noncomp_accepted": "Noncompetitive Accepted",
    "noncomp_tenders_accepted": "Noncompetitive Tenders Accepted",
    "offering_amt": "Offering Amount",
    "original_cusip": "Original CUSIP",
    "original_dated_date": "Original Dated Date",
    "original_issue_date": "Original Issue Date",
    "original_security_term": "Original Security Term",
    "pdf_filenm_announcemt": "Download PDF - Announcement",
    "pdf_filenm_comp_results": "Download PDF - Competitive Results",
    "pdf_filenm_noncomp_results": "Download PDF - Noncompetitive Results",
    "primary_dealer_accepted": "Primary Dealer Accepted",
    "primary_dealer_tendered": "Primary Dealer Tendered",
    "ref_cpi_on_dated_date": "Reference CPI On Dated Date",
    "ref_cpi_on_issue_date": "Reference CPI On Issue Date",
    "reopening": "Reopening",
    "security_term_day_month": "Security Term Day Month",
    "security_term_week_year": "Security Term Week Year",
    "series": "Series",
    "soma_accepted": "SOMA Accepted",
    "soma_holdings": "SOMA Holdings",
    "soma_included": "SOMA Included",
    "soma_tendered": "SOMA Tendered",
    "spread": "Spread",
    "std_int_payment_per1000": "Standard Interest Payment per $1,000",
    "strippable": "Strippable",
    "tiin_conversion_factor_per1000": "TIIN Conversion Factor per $1,000",
    "total_accepted": "Total Accepted",
    "total_tendered": "Total Tendered",
    "treas_retail_accepted": "Treasury Retail Accepted",
    "treas_retail_tenders_accepted": "Treasury Retail Tenders Accepted",
    "unadj_accrued_int_per1000": "Unadjusted Accrued Interest per $1,000",
    "unadj_price": "Unadjusted Price",
    "xml_filenm_announcemt": "Download XML - Announcement",
    "xml_filenm_comp_results": "Download XML - Competitive Results",
    "inflation_index_security": "Inflation Index Security",
    "tint_cusip_1": "Tint CUSIP 1",
    "tint_cusip_2": "Tint CUSIP 2",
    "pdf_filenm_spec_announcemt": "PDF Filename - Special Announcement",
}

#: Every Fiscal Data field, in the API's order (114; CSV exports before 2024 lack the last).
FIELDS: tuple[str, ...] = tuple(LABELS)

#: Label in lower case -> Fiscal Data field (reads CSV headers written with labels).
FIELD_BY_LABEL: dict[str, str] = {label.lower(): name for name, label in LABELS.items()}

#: Natural key of the ``auctions`` table.
KEY: tuple[str, str] = ("cusip", "auction_date")

#: Fields stored as ISO date strings (Fiscal Data type ``DATE``).
DATE_FIELDS: frozenset[str] = frozenset(
    {
        "record_date",
        "auction_date",
        "issue_date",
        "maturity_date",
        "announcemt_date",
        "back_dated_date",
        "call_date",
        "called_date",
        "dated_date",
        "first_int_payment_date",
        "frn_index_determination_date",
        "mat_date",
        "original_dated_date",
        "original_issue_date",
    }
)

#: Fields stored as float: Fiscal Data types ``NUMBER`` and ``CURRENCY0`` plus the four prices
#: it types as ``STRING`` (price_per100, avg_med_price, high_price, low_price). Dollar amounts
#: (``*_accepted``, ``*_tendered``, ``offering_amt``, ``soma_holdings`` ...) are in dollars.
NUMERIC_FIELDS: tuple[str, ...] = (
    "price_per100",
    "accrued_int_per100",
    "accrued_int_per1000",
    "adj_accrued_int_per1000",
    "adj_price",
    "allocation_pctage",
    "allocation_pctage_decimals",
    "avg_med_discnt_rate",
    "avg_med_investment_rate",
    "avg_med_price",
    "avg_med_discnt_margin",
    "avg_med_yield",
    "bid_to_cover_ratio",
    "comp_accepted",
    "comp_bid_decimals",
    "comp_tendered",
    "currently_outstanding",
    "direct_bidder_accepted",
    "direct_bidder_tendered",
    "est_pub_held_mat_by_type_amt",
    "fima_noncomp_accepted",
    "fima_noncomp_tendered",
    "frn_index_determination_rate",
    "high_discnt_rate",
    "high_investment_rate",
    "high_price",
    "high_discnt_margin",
    "high_yield",
    "index_ratio_on_issue_date",
    "indirect_bidder_accepted",
    "indirect_bidder_tendered",
    "int_rate",
    "low_discnt_rate",
    "low_investment_rate",
    "low_price",
    "low_discnt_margin",
    "low_yield",
    "max_comp_award",
    "max_noncomp_award",
    "max_single_bid",
    "min_bid_amt",
    "min_strip_amt",
    "min_to_issue",
    "multiples_to_bid",
    "multiples_to_issue",
    "nlp_exclusion_amt",
    "nlp_reporting_threshold",
    "noncomp_accepted",
    "offering_amt",
    "primary_dealer_accepted",
    "primary_dealer_tendered",
    "ref_cpi_on_dated_date",
    "ref_cpi_on_issue_date",
    "soma_accepted",
    "soma_holdings",
    "soma_tendered",
    "spread",
    "std_int_payment_per1000",
    "tiin_conversion_factor_per1000",
    "total_accepted",
    "total_tendered",
    "treas_retail_accepted",
    "unadj_accrued_int_per1000",
    "unadj_price",
)

#: TreasuryDirect ``TA_WS/securities/search`` camelCase key -> Fiscal Data field. Checked value
#: by value on the recorded TreasuryDirect records against the same auctions in Fiscal Data's
#: 2023 file. Not mapped (no Fiscal Data field): ``securityType`` (``type`` is Fiscal Data's
#: ``security_type``; ``securityType`` says ``Bill`` for a CMB), ``term`` (blank for a CMB;
#: ``securityTerm`` is used), ``auctionDateYear``, ``updatedTimestamp``,
#: ``xmlFilenameSpecialAnnouncement``.
TD_JSON_FIELDS: dict[str, str] = {
    "cusip": "cusip",
    "issueDate": "issue_date",
    "type": "security_type",
    "securityTerm": "security_term",
    "maturityDate": "maturity_date",
    "interestRate": "int_rate",
    "refCpiOnIssueDate": "ref_cpi_on_issue_date",
    "refCpiOnDatedDate": "ref_cpi_on_dated_date",
    "announcementDate": "announcemt_date",
    "auctionDate": "auction_date",
    "datedDate": "dated_date",
    "accruedInterestPer1000": "accrued_int_per1000",
    "accruedInterestPer100": "accrued_int_per100",
    "adjustedAccruedInterestPer1000": "adj_accrued_int_per1000",
    "adjustedPrice": "adj_price",
    "allocationPercentage": "allocation_pctage",
    "allocationPercentageDecimals": "allocation_pctage_decimals",
    "announcedCusip": "announcemtd_cusip",
    "auctionFormat": "auction_format",
    "averageMedianDiscountRate": "avg_med_discnt_rate",
    "averageMedianInvestmentRate": "avg_med_investment_rate",
    "averageMedianPrice": "avg_med_price",
    "averageMedianDiscountMargin": "avg_med_discnt_margin",
    "averageMedianYield": "avg_med_yield",
    "backDated": "back_dated",
    "backDatedDate": "back_dated_date",
    "bidToCoverRatio": "bid_to_cover_ratio",
    "callDate": "call_date",
    "callable": "callable",
    "calledDate": "called_date",
    "cashManagementBillCMB": "cash_management_bill_cmb",
    "closingTimeCompetitive": "closing_time_comp",
    "closingTimeNoncompetitive": "closing_time_noncomp",
    "competitiveAccepted": "comp_accepted",
    "competitiveBidDecimals": "comp_bid_decimals",
    "competitiveTendered": "comp_tendered",
    "competitiveTendersAccepted": "comp_tenders_accepted",
    "corpusCusip": "corpus_cusip",
    "cpiBaseReferencePeriod": "cpi_base_reference_period",
    "currentlyOutstanding": "currently_outstanding",
    "directBidderAccepted": "direct_bidder_accepted",
    "directBidderTendered": "direct_bidder_tendered",
    "estimatedAmountOfPubliclyHeldMaturingSecuritiesByType": "est_pub_held_mat_by_type_amt",
    "fimaIncluded": "fima_included",
    "fimaNoncompetitiveAccepted": "fima_noncomp_accepted",
    "fimaNoncompetitiveTendered": "fima_noncomp_tendered",
    "firstInterestPeriod": "first_int_period",
    "firstInterestPaymentDate": "first_int_payment_date",
    "floatingRate": "floating_rate",
    "frnIndexDeterminationDate": "frn_index_determination_date",
    "frnIndexDeterminationRate": "frn_index_determination_rate",
    "highDiscountRate": "high_discnt_rate",
    "highInvestmentRate": "high_investment_rate",
    "highPrice": "high_price",
    "highDiscountMargin": "high_discnt_margin",
    "highYield": "high_yield",
    "indexRatioOnIssueDate": "index_ratio_on_issue_date",
    "indirectBidderAccepted": "indirect_bidder_accepted",
    "indirectBidderTendered": "indirect_bidder_tendered",
    "interestPaymentFrequency": "int_payment_frequency",
    "lowDiscountRate": "low_discnt_rate",
    "lowInvestmentRate": "low_investment_rate",
    "lowPrice": "low_price",
    "lowDiscountMargin": "low_discnt_margin",
    "lowYield": "low_yield",
    "maturingDate": "mat_date",
    "maximumCompetitiveAward": "max_comp_award",
    "maximumNoncompetitiveAward": "max_noncomp_award",
    "maximumSingleBid": "max_single_bid",
    "minimumBidAmount": "min_bid_amt",
    "minimumStripAmount": "min_strip_amt",
    "minimumToIssue": "min_to_issue",
    "multiplesToBid": "multiples_to_bid",
    "multiplesToIssue": "multiples_to_issue",
    "nlpExclusionAmount": "nlp_exclusion_amt",
    "nlpReportingThreshold": "nlp_reporting_threshold",
    "noncompetitiveAccepted": "noncomp_accepted",
    "noncompetitiveTendersAccepted": "noncomp_tenders_accepted",
    "offeringAmount": "offering_amt",
    "originalCusip": "original_cusip",
    "originalDatedDate": "original_dated_date",
    "originalIssueDate": "original_issue_date",
    "originalSecurityTerm": "original_security_term",
    "pdfFilenameAnnouncement": "pdf_filenm_announcemt",
    "pdfFilenameCompetitiveResults": "pdf_filenm_comp_results",
    "pdfFilenameNoncompetitiveResults": "pdf_filenm_noncomp_results",
    "pdfFilenameSpecialAnnouncement": "pdf_filenm_spec_announcemt",
    "pricePer100": "price_per100",
    "primaryDealerAccepted": "primary_dealer_accepted",
    "primaryDealerTendered": "primary_dealer_tendered",
    "reopening": "reopening",
    "securityTermDayMonth": "security_term_day_month",
    "securityTermWeekYear": "security_term_week_year",
    "series": "series",
    "somaAccepted": "soma_accepted",
    "somaHoldings": "soma_holdings",
    "somaIncluded": "soma_included",
    "somaTendered": "soma_tendered",
    "spread": "spread",
    "standardInterestPaymentPer1000": "std_int_payment_per1000",
    "strippable": "strippable",
    "tiinConversionFactorPer1000": "tiin_conversion_factor_per1000",
    "tips": "inflation_index_security",
    "totalAccepted": "total_accepted",
    "totalTendered": "total_tendered",
    "treasuryRetailAccepted": "treas_retail_accepted",
    "treasuryRetailTendersAccepted": "treas_retail_tenders_accepted",
    "unadjustedAccruedInterestPer1000": "unadj_accrued_int_per1000",
    "unadjustedPrice": "unadj_price",
    "xmlFilenameAnnouncement": "xml_filenm_announcemt",
    "xmlFilenameCompetitiveResults": "xml_filenm_comp_results",
    "tintCusip1": "tint_cusip_1",
    "tintCusip2": "tint_cusip_2",
}

_NULLS = frozenset({"", "null", "NULL", "None", "nan", "NaN"})
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}")
_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _iso_date(value: str) -> str:
    """Return ``YYYY-MM-DD`` from ISO (with optional time) or ``MM/DD/YYYY``; raise ValueError."""
    if _ISO.match(value):
        pd.Timestamp(value[:10])  # validates
        return value[:10]
    m = _US.match(value)
    if m:
        month, day, year = (int(g) for g in m.groups())
        return pd.Timestamp(year=year, month=month, day=day).strftime("%Y-%m-%d")
    raise ValueError(value)


def _cleaned(cells: list[object]) -> list[str | None]:
    """Each source cell as stripped text; None for a missing value or a null marker
    (:data:`_NULLS`). One comprehension: the 115 fields of 26,000 auction records."""
    nulls = _NULLS
    return [
        None if (t := None if v is None else str(v).strip()) is None or t in nulls else t
        for v in cells
    ]


def auctions_frame(
    records: Iterable[Mapping[str, object]],
    *,
    source: str,
    required: Iterable[str] = KEY,
    url: str | None = None,
) -> pd.DataFrame:
    """Convert auction records already keyed by Fiscal Data field names into the table frame.

    Parameters
    ----------
    records : iterable of mapping
        One mapping per auction, keys are Fiscal Data field names (unknown keys are dropped),
        values are the source's strings.
    source : str
        ``"fiscaldata"`` or ``"treasurydirect"``; written to the ``source`` column and used in
        error messages.
    required : iterable of str
        Fields every record must carry (a missing one means the schema changed).
    url : str, optional
        Context for errors.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FIELDS` + ``source``; one row per ``cusip`` + ``auction_date``.

    Raises
    ------
    SchemaError
        A required field is absent, a number or date does not parse, a key is blank or repeated.
    """
    rows = [dict(r) for r in records]
    req = tuple(required)
    for i, r in enumerate(rows):
        require_fields(
            r,
            req,
            where=f"auction record {i}",
            source=source,
            url=url,
            expected="every required Fiscal Data auctions_query field",
        )
    cols = {col: _cleaned([r.get(col) for r in rows]) for col in FIELDS}
    frame = pd.DataFrame(cols, dtype=object)
    for col in NUMERIC_FIELDS:
        raw = frame[col]
        num = pd.to_numeric(raw.str.replace(",", "", regex=False), errors="coerce")
        bad = raw.notna() & num.isna()
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise SchemaError(
                f"auction field {col!r} row {i}: {raw.iloc[i]!r} is not a number",
                source=source,
                key=col,
                url=url,
                expected="a number or 'null'",
            )
        frame[col] = num.astype(float)
    for col in DATE_FIELDS:
        out: list[str | None] = []
        seen: dict[str, str] = {}  # each distinct date text parsed once
        for i, v in enumerate(frame[col]):
            if v is None:
                out.append(None)
            elif v in seen:
                out.append(seen[v])
            else:
                try:
                    out.append(seen.setdefault(v, _iso_date(v)))
                except ValueError:
                    raise SchemaError(
                        f"auction field {col!r} row {i}: {v!r} is not a date",
                        source=source,
                        key=col,
                        url=url,
                        expected="YYYY-MM-DD or MM/DD/YYYY",
                    ) from None
        frame[col] = out
    for k in KEY:
        if frame[k].isna().any():
            raise SchemaError(
                f"auction record with blank {k!r}",
                source=source,
                key=k,
                url=url,
                expected="cusip and auction_date on every row",
            )
    dup = frame.duplicated(list(KEY))
    if dup.any():
        d = frame.loc[dup].iloc[0]
        raise SchemaError(
            f"auction {d['cusip']} {d['auction_date']} appears twice",
            source=source,
            key="cusip+auction_date",
            url=url,
            expected="one row per cusip + auction_date",
        )
    frame["source"] = source
    return frame.reset_index(drop=True)
