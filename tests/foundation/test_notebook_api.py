"""What a notebook user sees of ``tsy``: every public name, before any of it was used."""

from __future__ import annotations

import json
import subprocess
import sys


def test_dir_lists_every_public_function_in_a_fresh_interpreter():
    # a fresh process: nothing lazy has been loaded yet, as in a new Jupyter kernel
    code = "import json, tsy; print(json.dumps([dir(tsy), tsy.__all__]))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    names, public = json.loads(out.stdout)
    assert set(public) <= set(names)
    for lazy in ("monitor", "breakevens", "tenor_table", "inflation_signal", "hiking_cycles"):
        assert lazy in names
    assert names == sorted(names)
    # tab completion shows tsy's API, not the helpers its __init__ imports
    assert not {"Any", "Sequence", "TYPE_CHECKING", "annotations", "importlib"} & set(names)
