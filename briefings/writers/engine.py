"""Load WeasyPrint quickly, once per process.

WeasyPrint 70 opens its C libraries (Pango, HarfBuzz, fontconfig…) by trying several names
for each; cffi hands every name that is not a file to ``ctypes.util.find_library``, which on
Linux runs ``ldconfig -p``, then ``gcc``, then ``ld`` for each name: about 15 subprocesses,
a fifth of a second of every cold ``build``. While WeasyPrint is imported, ``find_library``
answers from one ``ldconfig -p`` listing instead; a name it does not list is not found, and
WeasyPrint then loads the library under its next name (``libpango-1.0.so.0``), which the
dynamic loader finds by itself, as it would have anyway.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from types import ModuleType

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
    """Import WeasyPrint (once), with library look-ups answered from one ldconfig listing."""
    module = sys.modules.get("weasyprint")
    if module is not None:
        return module
    with _one_ldconfig_listing():
        import weasyprint
    return weasyprint


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
