"""Load WeasyPrint quickly, once per process, and keep its fonts between documents.

WeasyPrint 70 opens its C libraries (Pango, HarfBuzz, fontconfig…) by trying several names
for each; cffi hands every name that is not a file to ``ctypes.util.find_library``, which on
Linux runs ``ldconfig -p``, then ``gcc``, then ``ld`` for each name: about 15 subprocesses,
a fifth of a second of every cold ``build``. While WeasyPrint is imported, ``find_library``
answers from one ``ldconfig -p`` listing instead; a name it does not list is not found, and
WeasyPrint then loads the library under its next name (``libpango-1.0.so.0``), which the
dynamic loader finds by itself, as it would have anyway. WeasyPrint's C declarations come
parsed from ``pango_ffi`` (45 ms less per process).
"""

from __future__ import annotations

import atexit
import logging
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

logger = logging.getLogger(__name__)

LDCONFIG = "/sbin/ldconfig"
# ctypes' own table (ctypes/util.py, _findSoname_ldconfig): machine-bits → ldconfig ABI tag.
ABI = {
    "x86_64-64": "libc6,x86-64",
    "ppc64-64": "libc6,64bit",
    "sparc64-64": "libc6,64bit",
    "s390x-64": "libc6,64bit",
    "ia64-64": "libc6,IA-64",
}


def load_weasyprint() -> ModuleType:
    """Import WeasyPrint (once), with library look-ups answered from one ldconfig listing.

    Its hyphenation patterns then come parsed from our store (``hyphenation.py``).
    """
    from briefings.writers.hyphenation import store_hyphenation_patterns
    from briefings.writers.pango_ffi import prebuilt_ffi

    module = sys.modules.get("weasyprint")
    if module is None:
        with _one_ldconfig_listing(), prebuilt_ffi():
            import weasyprint
        module = weasyprint
    store_hyphenation_patterns()
    return module


@contextmanager
def _one_ldconfig_listing() -> Iterator[None]:
    """Replace ``ctypes.util.find_library`` for the block, on glibc Linux only."""
    import ctypes.util

    if not sys.platform.startswith("linux") or not os.access(LDCONFIG, os.X_OK):
        yield
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = listed_library
    try:
        yield
    finally:
        ctypes.util.find_library = original


def listed_library(name: str) -> str | None:
    """Return the soname ``ldconfig -p`` lists for ``lib<name>``, as ctypes' first try does."""
    bits = "64" if sys.maxsize > 2**32 else "32"
    abi = ABI.get(f"{os.uname().machine}-{bits}", "libc6")
    pattern = rf"\s+(lib{re.escape(name)}\.[^\s]+)\s+\({abi}"
    found = re.search(pattern.encode(), _ldconfig_listing())
    return os.fsdecode(found.group(1)) if found else None


@cache
def _ldconfig_listing() -> bytes:
    """Return the dynamic loader's cache listing, read once per process."""
    try:
        done = subprocess.run(
            [LDCONFIG, "-p"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            env={"LC_ALL": "C", "LANG": "C"},
            check=False,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError) as error:
        logger.debug("ldconfig -p failed: %s", error)
        return b""
    return done.stdout


@dataclass
class PdfEngine:
    """What every PDF rendered from one templates folder shares, kept while it is unchanged.

    WeasyPrint builds a fontconfig configuration for every document and loads each
    ``@font-face`` font into it, and Pango and HarfBuzz then load and measure each font
    again: about a third of a second per overview. One configuration per templates folder
    and process gives the same bytes (the font files are the same) and keeps those caches
    warm across the renders of a ``build --all``, a ``watch`` or a service worker. A change
    to any stylesheet or font under the folder starts a new configuration.
    """

    templates: Path
    fingerprint: tuple[tuple[str, int, int], ...]
    font_config: Any

    def current(self) -> bool:
        """Tell whether the templates' stylesheets and fonts are those this engine loaded."""
        return fingerprint(self.templates) == self.fingerprint


_ENGINES: dict[tuple[int, Path], PdfEngine] = {}  # least recently used first
KEPT_ENGINES = 4  # templates folders whose fonts stay loaded (each holds a few MB)


def engine_for(templates: Path) -> PdfEngine:
    """Return this process's engine for a templates folder, new if its files changed."""
    key = (os.getpid(), templates.resolve())  # never share fontconfig across a fork
    engine = _ENGINES.pop(key, None)
    if engine is not None and not engine.current():
        _forget(engine)
        engine = None
    if engine is None:
        load_weasyprint()
        from weasyprint.text.fonts import FontConfiguration

        engine = PdfEngine(key[1], fingerprint(key[1]), FontConfiguration())
        logger.debug("new PDF engine for %s", key[1])
        _release_at_exit()
    _ENGINES[key] = engine
    while len(_ENGINES) > KEPT_ENGINES:
        _forget(_ENGINES.pop(next(iter(_ENGINES))))  # its fonts' temporary folder goes with it
    return engine


def _forget(engine: PdfEngine) -> None:
    """Drop what the layout memories kept for an engine's fonts."""
    from briefings.writers.footnotes import forget_fonts

    forget_fonts(engine.font_config)


def release_engines(forget: bool = False) -> None:
    """Remove the fonts' temporary folders of this process's engines.

    WeasyPrint copies each ``@font-face`` font into a temporary folder per configuration and
    removes it only when the configuration is garbage-collected, which a process that ends
    (a worker's ``os._exit``, a command's quick exit, interpreter teardown) may never do:
    the folders (3.4 MB each) piled up in /tmp. Engines a forked parent made are its own.
    ``forget`` also drops what the layout memories kept for them (not at exit: freeing
    them would only slow the exit down).
    """
    pid = os.getpid()
    for key in [k for k in _ENGINES if k[0] == pid]:
        engine = _ENGINES.pop(key)
        if forget:
            _forget(engine)
        folder = getattr(engine.font_config, "_folder", None)
        if folder:
            shutil.rmtree(folder, ignore_errors=True)


_RELEASING: set[int] = set()  # processes that will release their engines when they exit


def _release_at_exit() -> None:
    """Release this process's engines when it exits, normally or as a multiprocessing worker."""
    if os.getpid() in _RELEASING:
        return
    _RELEASING.add(os.getpid())
    atexit.register(release_engines)
    workers = sys.modules.get("multiprocessing.util")  # its workers end with os._exit
    if workers is not None:
        workers.Finalize(None, release_engines, exitpriority=10)


def fingerprint(templates: Path) -> tuple[tuple[str, int, int], ...]:
    """Return name, size and change time of every file a PDF reads from the templates."""
    from briefings.writers import ASSETS

    paths = sorted(p for pattern in ASSETS["pdf"] for p in templates.glob(pattern))
    stats = ((p, p.stat()) for p in paths if p.is_file())
    return tuple((str(p), s.st_size, s.st_mtime_ns) for p, s in stats)
