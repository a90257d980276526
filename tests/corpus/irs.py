"""The corpus IRs (and layouts) the end-to-end tests compare, extracted once and shared.

Why a cache on disk: extracting a 200-page PDF takes tens of seconds, and several test
modules (truth, golden, PDF vs text, diff, languages), spread over xdist workers, need the
same IRs. Each IR is extracted by the first worker that asks for it and pickled under the
system's temporary directory; the others wait on a file lock and read it. The key is the
input's bytes and path, every source and grammar file of specgen and the PDF libraries' versions,
so a change to any of them extracts afresh: a stale IR can never be compared.
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.metadata
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

from specgen.extract.ir import IR
from specgen.extract.pipeline import extract
from specgen.lang.annotate import annotate
from specgen.pdf.load import load_layout
from specgen.pdf.model import LayoutDocument

_ROOT = Path(__file__).resolve().parents[2]
# The typesettings of the corpus: folder -> file suffix.
FOLDERS = {"text": "txt", "pdf": "pdf", "pdf-r2": "pdf", "pdf-html": "pdf"}


@lru_cache(maxsize=1)
def _code_key() -> str:
    digest = hashlib.sha256()
    for folder in ("specgen", "grammar"):
        for path in sorted((_ROOT / folder).rglob("*")):
            if path.suffix in (".py", ".lark") and path.is_file():
                digest.update(str(path.relative_to(_ROOT)).encode() + b"\0" + path.read_bytes())
    for package in ("pdfplumber", "pdfminer.six", "lark"):
        digest.update(f"{package}={importlib.metadata.version(package)}".encode())
    return digest.hexdigest()


def corpus_path(corpus: Path, revision: str, kind: str) -> Path:
    return corpus / kind / f"DEN0137_{revision}.{FOLDERS[kind]}"


def _cached(corpus: Path, revision: str, kind: str, what: str, compute):
    path = corpus_path(corpus, revision, kind)
    # the path too: a layout and an IR carry the path they were read from
    key = hashlib.sha256(path.read_bytes() + _code_key().encode() + str(path).encode()).hexdigest()[:32]
    folder = Path(tempfile.gettempdir()) / f"specgen-test-irs-{os.getuid()}"
    folder.mkdir(exist_ok=True)
    cached = folder / f"{what}-{kind}-{revision}-{key}.pickle"
    with open(folder / f"{what}-{kind}-{revision}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if cached.is_file():
            return pickle.loads(cached.read_bytes())
        value = compute(path)
        partial = cached.with_suffix(".partial")
        partial.write_bytes(pickle.dumps(value))
        partial.replace(cached)
        return value


@lru_cache(maxsize=None)
def corpus_ir(corpus: Path, revision: str, kind: str) -> IR:
    """The IR of a corpus revision in one typesetting (``kind``: a key of ``FOLDERS``), as
    ``api.extract_file`` gives it, from the shared layout (a PDF is read once)."""
    return _cached(corpus, revision, kind, "ir",
                   lambda _path: annotate(extract(corpus_layout(corpus, revision, kind))))


@lru_cache(maxsize=4)
def corpus_layout(corpus: Path, revision: str, kind: str) -> LayoutDocument:
    """The layout of a corpus revision in one typesetting."""
    return _cached(corpus, revision, kind, "layout", load_layout)
