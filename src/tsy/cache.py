"""On-disk cache of derived results, keyed on the store's content version.

The monitor for a date, the report's sections and its charts are pure functions of the stored
data and of tsy's own code. :func:`for_store` reads the store's persistent
:meth:`~tsy.store.Store.content_version` once; :meth:`DerivedCache.get` then returns a result
computed earlier for the same version, code and parameters, or computes and keeps it. Any write
that changes content raises the version, so a stale entry is never read; an update that brings
nothing new leaves it, so the second ``tsy monitor`` or report is a file read.

Entries are pickles in ``<database>.cache/`` beside a SQLite database file (as its ``.lock``),
so they go with it and never mix two databases (a PostgreSQL database's are under the data
dir, one folder per database URL); written atomically (temporary file
then rename), only by this user's tsy. An unreadable or foreign entry is recomputed. Caching is
skipped when the folder cannot be written, and turned off with ``TSY_CACHE=0``.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypeVar

from tsy import __version__
from tsy.config import Settings, redact
from tsy.errors import TsyError

__all__ = ["DerivedCache", "code_fingerprint", "for_store"]

T = TypeVar("T")

#: Entries kept at one content version (the newest by modification time), bounding the folder
#: under many as-of dates; entries of any other content version are stale and deleted.
KEEP = 256
_PACKAGE = Path(__file__).resolve().parent
#: Libraries whose version is part of every key (results and chart pixels depend on them).
LIBRARIES = ("numpy", "pandas", "matplotlib", "noto-cjk-sans-otc", "plotly")


@cache
def code_fingerprint() -> str:
    """Hash of tsy's version, every module file (path, size, modification time) and the
    versions of the libraries that compute and draw (:data:`LIBRARIES`).

    A changed module (a new release, or an edit in a development checkout) or library gives a
    new fingerprint, so no result computed by other code is ever read back.
    """
    from importlib.metadata import PackageNotFoundError, version

    h = hashlib.sha256(__version__.encode())
    for lib in LIBRARIES:
        try:
            h.update(f"{lib}={version(lib)}".encode())
        except PackageNotFoundError:
            h.update(f"{lib}=none".encode())
    for folder, dirs, files in sorted(os.walk(_PACKAGE)):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in sorted(files):
            if name.endswith((".py", ".json", ".toml", ".j2", ".html", ".js", ".css")):
                st = os.stat(os.path.join(folder, name))
                h.update(f"{folder}/{name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:16]


@dataclass(frozen=True)
class DerivedCache:
    """A cache folder and the content version its entries are valid for.

    Attributes
    ----------
    root : Path
        Folder of this database's entries.
    version : int
        The store's content version when the cache was opened.
    file : tuple of int
        (device, inode) of the database file: another file moved in its place (a restored
        backup) may carry the same content version, and must not read this one's entries.
    """

    root: Path
    version: int
    file: tuple[int, int] = (0, 0)

    def _path(self, kind: str, params: Hashable) -> Path:
        key = repr((kind, params, self.version, self.file, code_fingerprint()))
        digest = hashlib.sha256(key.encode()).hexdigest()[:32]
        return self.root / f"{kind}-{self.version}-{digest}.pkl"

    def has(self, kind: str, params: Hashable) -> bool:
        """Whether ``(kind, params)`` has an entry at this content version (it may still prove
        unreadable; :meth:`get` then recomputes it)."""
        return self._path(kind, params).is_file()

    def get(self, kind: str, params: Hashable, compute: Callable[[], T]) -> T:
        """The result of ``compute()`` for ``(kind, params)`` at this content version.

        ``params`` must determine the result together with the stored data (e.g. the as-of
        date and the language); its ``repr`` is part of the key.
        """
        if "-" in kind:
            raise ValueError(f"cache kind {kind!r}: no '-' (it separates the parts of a name)")
        path = self._path(kind, params)
        try:
            with path.open("rb") as fh:
                stored_key, value = pickle.load(fh)
            if stored_key == path.name:
                return value
        except Exception:  # absent, damaged or foreign: recomputed, never trusted
            pass
        value = compute()
        self._put(path, value)
        return value

    def _put(self, path: Path, value: object) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".tmp-", suffix=".pkl")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump((path.name, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            return
        self._prune()

    def _prune(self) -> None:
        """Delete entries of other content versions, and the oldest beyond :data:`KEEP`."""
        try:
            current = []
            for entry in self.root.glob("*.pkl"):
                if entry.name.startswith("."):  # another process's entry being written
                    continue
                parts = entry.name.split("-")
                if len(parts) == 3 and parts[1] == str(self.version):
                    current.append(entry)
                else:
                    entry.unlink(missing_ok=True)
            current.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
            for old in current[KEEP:]:
                old.unlink(missing_ok=True)
        except OSError:
            return


def for_store(settings: Settings) -> DerivedCache | None:
    """The cache of the settings' database at its current content version.

    A SQLite file keeps its entries beside it (``<database>.cache/``); a PostgreSQL database in
    ``<data dir>/cache/<digest of its URL without password>/`` on this machine, so each desk
    member's second monitor or report is a file read too. None when caching is off
    (``TSY_CACHE=0``), the database cannot be read, or it is absent.
    """
    if os.environ.get("TSY_CACHE", "1") == "0":
        return None
    where = _location(settings)
    if where is None:
        return None
    from tsy.store import open_store

    try:
        with open_store(settings.db, readonly=True) as store:
            version = store.content_version()
    except TsyError:
        return None
    return DerivedCache(where[0], version, where[1])


def _location(settings: Settings) -> tuple[Path, tuple[int, int]] | None:
    """(entries folder, file identity) of the settings' database, None for an absent file.

    A server database has no file: its identity is its URL (host, port, database, user; the
    password is not part of it), and a database dropped and created again under that URL
    starts from other content versions (:func:`tsy.store._common.new_content_version`).
    """
    if "://" in settings.db:
        name = hashlib.sha256(redact(settings.db).encode()).hexdigest()[:16]
        return settings.data_dir / "cache" / name, (0, 0)
    db = settings.db_path
    try:
        st = db.stat()
    except OSError:
        return None
    if not db.is_file():
        return None
    return db.with_name(db.name + ".cache"), (st.st_dev, st.st_ino)
