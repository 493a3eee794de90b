"""Choosing the store: ``TSY_DB``, ``db = "..."`` in config.toml, and which one wins."""

from __future__ import annotations

from tsy.config import load_settings

URL = "postgresql://desk:Pw-in-url-42@db.example:5432/tsy"  # a made-up desk server


def test_db_from_config_file_and_env_precedence(tmp_path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'db = "{URL}"\n', encoding="utf-8")
    from_file = load_settings({"TSY_DATA_DIR": str(tmp_path), "TSY_CONFIG": str(cfg)})
    assert from_file.db == URL
    # printable forms never carry the password; it is among the secrets to redact
    assert from_file.db_label == "postgresql://desk@db.example:5432/tsy"
    assert "Pw-in-url-42" not in repr(from_file)
    assert "Pw-in-url-42" in from_file.secrets()
    env = {"TSY_DATA_DIR": str(tmp_path), "TSY_CONFIG": str(cfg), "TSY_DB": str(tmp_path / "x.db")}
    assert load_settings(env).db == str(tmp_path / "x.db")  # the environment wins
    plain = tmp_path / "plain"  # no config file: the SQLite default in the data dir
    assert load_settings({"TSY_DATA_DIR": str(plain)}).db == str(plain / "tsy.db")
