"""A temporary copy of the project, and the installed `briefings` script run inside it.

The README-commands test and the smoke matrix run the real console script, as a user
would, in a copy of the project with the seeds beside it (``../shared/seeds``).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.conftest import ROOT, seeds_dir

SCRIPT = Path(sys.executable).parent / "briefings"
TIMEOUT = 300


@dataclass
class Project:
    """A copy of facts/ and templates/ (and the README) with the seeds at ../shared/seeds."""

    root: Path
    extra_env: dict[str, str] = field(default_factory=dict)

    @classmethod
    def copy(cls, base: Path) -> Project:
        """Copy the project's inputs under ``base``; the seeds go where CI keeps them."""
        root = base / "main"
        root.mkdir(parents=True)
        for name in ("facts", "templates"):
            shutil.copytree(ROOT / name, root / name)
        shutil.copy(ROOT / "README.md", root / "README.md")
        if seeds_dir().is_dir():
            shutil.copytree(seeds_dir(), base / "shared" / "seeds")
        return cls(root)

    @property
    def seeds(self) -> Path:
        return self.root.parent / "shared" / "seeds"

    def env(self) -> dict[str, str]:
        """Return the environment: the installed script first on PATH, no inherited paths."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFINGS_")}
        env["PATH"] = f"{SCRIPT.parent}{os.pathsep}{env.get('PATH', '')}"
        env["BRIEFINGS_SOURCES"] = str(self.seeds)
        return env | self.extra_env

    def run(self, command: str, timeout: float = TIMEOUT) -> subprocess.CompletedProcess[str]:
        """Run one shell command line in the project, as a user types it."""
        return subprocess.run(
            command,
            shell=True,
            cwd=self.root,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def start(self, command: str, **popen: Any) -> subprocess.Popen[str]:
        """Start a long-running command (watch, serve, worker) in the project."""
        return subprocess.Popen(
            shlex.split(command),
            **popen,
            cwd=self.root,
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def edit_fact(self, old: str, new: str) -> Path:
        """Replace ``old`` by ``new`` in the one fact file that holds it; return that file."""
        for path in sorted((self.root / "facts").glob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            if old in text:
                path.write_text(text.replace(old, new, 1), encoding="utf-8")
                return path
        raise AssertionError(f"{old!r} is in no fact file")
