"""Chinese charts render with the font from the ``noto-cjk-sans-otc`` package alone.

The check runs in a fresh interpreter whose matplotlib font manager is cut down to matplotlib's
own bundled fonts (DejaVu), as on a machine with no system CJK font: then the zh report and
every chart of ``tsy chart report`` are drawn in Chinese, and no "Glyph ... missing from font"
warning may be raised.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

_PROBE = r"""
import json, sys, warnings
from pathlib import Path
import matplotlib
from matplotlib import font_manager

# A machine without system CJK fonts: matplotlib sees only the fonts it ships itself.
bundled = Path(matplotlib.get_data_path())
fm = font_manager.fontManager
fm.ttflist = [f for f in fm.ttflist if Path(f.fname).is_relative_to(bundled)]
fm._findfont_cached.cache_clear()
font_manager._get_font.cache_clear()
assert not any("CJK" in f.name for f in fm.ttflist)

from tsy.config import load_settings
from tsy.report.charts import CHARTS, render_chart
from tsy.indicators.sections import collect
from tsy.report.fonts import package_font_file, setup_cjk_fonts
from tsy.report.html import LAYOUT, render_html

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    data = collect(settings=load_settings({"TSY_DB": sys.argv[1]}))
    html = render_html(data, "zh")
    drawn = {c for charts, _ in LAYOUT.values() for c in charts}
    errors = []
    for name in CHARTS:
        if name not in drawn:
            try:
                render_chart(name, data, "zh")[0].savefig(Path(sys.argv[2]) / f"{name}.png")
            except Exception as exc:  # a chart whose data is missing is not a font problem
                errors.append(f"{name}: {exc}")
name = setup_cjk_fonts()
used = font_manager.findfont(font_manager.FontProperties(family=name), fallback_to_default=False)
print(json.dumps({
    "missing": [str(w.message) for w in caught if "missing from font" in str(w.message)],
    "font": name,
    "file": used,
    "package_file": str(package_font_file()),
    "images": html.count("data:image/png;base64,"),
    "charts": len(CHARTS),
}))
"""


def test_zh_report_and_charts_need_no_system_cjk_font(settings, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TSY_")}
    env["MPLCONFIGDIR"] = str(tmp_path / "mpl")  # a fresh font cache, built on first use
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, str(settings.db_path), str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["missing"] == [], result["missing"][:5]
    assert result["font"] == "Noto Sans CJK SC"
    assert result["file"] == result["package_file"]  # drawn from the package's own file
    assert result["images"] >= 10  # the report's charts (html.LAYOUT) were really drawn
