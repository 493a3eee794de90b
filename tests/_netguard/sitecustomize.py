"""Loaded by every Python subprocess a test starts (``PYTHONPATH`` set by ``tests/conftest.py``).

Refuses connections to anything but loopback and records each attempt in the file named by
``NETGUARD_LOG``; the parent test then fails (see ``tests/_netguard/guard.py``).
"""

from __future__ import annotations

import os

if os.environ.get("NETGUARD_LOG"):
    import sys

    sys.path.insert(0, os.path.dirname(__file__))
    import guard

    guard.install(os.environ["NETGUARD_LOG"])
