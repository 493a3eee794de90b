"""The suite is hermetic: no outside secrets or settings, no developer config, no internet."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests._netguard import guard
from tsy.config import load_settings


def test_outside_secrets_and_settings_are_scrubbed():
    assert "FRED_API_KEY" not in os.environ and "CFTC_APP_TOKEN" not in os.environ
    kept = ("TSY_DATA_DIR",)
    assert not [
        k
        for k in os.environ
        if k.startswith("TSY_") and k not in kept and not k.startswith("TSY_TEST_")
    ]


def test_settings_without_a_data_dir_never_read_the_developers_config():
    # load_settings({}) falls back to the platform data dir: here a fresh temporary one
    s = load_settings({})
    assert not (s.data_dir / "config.toml").exists()
    assert s.fred_api_key is None and s.cftc_app_token is None


def test_the_guard_refuses_a_non_loopback_address(tmp_path):
    log = Path(os.environ["NETGUARD_LOG"])
    before = log.read_text()
    try:
        with pytest.raises(ConnectionRefusedError, match="not loopback"):
            socket.create_connection(("192.0.2.1", 80), timeout=1)  # TEST-NET-1 (RFC 5737)
        assert "192.0.2.1" in log.read_text()[len(before) :]
    finally:
        log.write_text(before)  # this test's attempt was on purpose
    assert guard.is_loopback(("127.0.0.1", 80)) and guard.is_loopback(("::1", 80, 0, 0))
    assert not guard.is_loopback(("fred.stlouisfed.org", 443))


def test_the_guard_covers_subprocesses():
    log = Path(os.environ["NETGUARD_LOG"])
    before = log.read_text()
    code = "import socket; socket.create_connection(('192.0.2.1', 80), timeout=1)"
    try:
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert r.returncode != 0 and "test network guard" in r.stderr
        assert "192.0.2.1" in log.read_text()[len(before) :]
    finally:
        log.write_text(before)
