"""Notebook execution settings of the sigmoid book.

MyST-NB's cache mode keys each notebook on its cells alone, so on its own
it would keep serving outputs computed by an older ``sigmoid_explainer``.
This module closes that gap and makes the cache safe for parallel builds:

- `source_fingerprint` hashes everything outside the pages that can change
  an output: the package source the kernels import, the pinned dependency
  groups and the installed distributions, and the ``conf/`` folder.
- `configure_cache` puts the jupyter-cache folder under that hash and
  deletes the folders of older hashes. The path is a MyST-NB setting that
  Sphinx stores in its environment, so a new hash also makes Sphinx reread
  every page instead of serving old doctrees.
- `execute_pending` runs the notebooks that miss the cache before Sphinx
  reads any page, several kernels at a time, and writes every result from
  the main process. Parallel readers (``-j``) then only read the sqlite
  database of jupyter-cache, and `lock_cache_access` serialises the rare
  writes that remain (a notebook whose execution failed is executed again
  while it is read, to report the error).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from filelock import FileLock
from sphinx.errors import ConfigError

EXECUTION_VARIABLE = "SIGMOID_BOOK_EXECUTION"
MODES = ("cache", "force")
PACKAGE = "sigmoid_explainer"
LOCK_NAME = "cache.lock"
SKIPPED_PARTS = {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"}


def execution_mode() -> str:
    """Read the execution mode from ``SIGMOID_BOOK_EXECUTION``.

    ``cache`` (the default) reuses outputs while nothing they depend on
    changed. ``force`` executes every page that Sphinx reads and writes no
    cache, which is what a publishing build wants.
    """
    value = os.environ.get(EXECUTION_VARIABLE, "").strip().lower() or "cache"
    if value not in MODES:
        raise ConfigError(
            f"{EXECUTION_VARIABLE}={value!r} is not a valid execution mode. "
            f"Set it to one of {', '.join(MODES)}, or unset it for 'cache'."
        )
    return value


def _hash_tree(digest: Any, label: str, folder: Path) -> None:
    digest.update(f"[{label}]\n".encode())
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if not path.is_file() or SKIPPED_PARTS.intersection(relative.parts):
            continue
        if path.suffix in {".pyc", ".pyo"}:
            continue
        digest.update(f"{relative.as_posix()}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())


def package_folder() -> Path:
    """Locate the ``sigmoid_explainer`` folder that the kernels will import.

    The kernels inherit this process's environment, including
    ``PYTHONPATH``, so the same lookup finds the same folder.
    """
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(
            f"the package {PACKAGE!r} is not importable, so the book cannot be "
            "executed; install it with 'python -m pip install -e .' or build "
            "with 'nox -s docs'"
        )
    return Path(next(iter(spec.submodule_search_locations)))


def _installed_distributions() -> Iterator[str]:
    # The folder names (``name-version.dist-info``) carry the versions, and
    # listing them is much faster than parsing every METADATA file.
    for entry in sys.path:
        folder = Path(entry or ".")
        if folder.is_dir():
            yield from (path.name for path in folder.glob("*.dist-info"))


def source_fingerprint(root: Path, conf_dir: Path) -> str:
    """Hash every input of the book's outputs that is not a page.

    Parameters
    ----------
    root : Path
        The repository folder, which contains ``pyproject.toml``.
    conf_dir : Path
        The Sphinx configuration folder.

    Returns
    -------
    str
        The first 16 hex digits of a SHA-256 over the package source, the
        ``[dependency-groups]`` table, the installed distributions with
        their versions, and the files of ``conf_dir``.
    """
    digest = hashlib.sha256()
    _hash_tree(digest, "package", package_folder())
    _hash_tree(digest, "conf", conf_dir)

    pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    groups = pyproject.get("dependency-groups", {})
    digest.update(b"[dependency-groups]\n")
    digest.update(json.dumps(groups, sort_keys=True).encode())

    installed = sorted(_installed_distributions())
    digest.update(b"[installed]\n")
    digest.update("\n".join(installed).encode())
    return digest.hexdigest()[:16]


def use_scratch_cache(app: Any, config: Any) -> None:
    """Run a force build as a cache build into a new, empty cache.

    Every page is then executed before Sphinx reads, in the main process,
    as in cache mode, and the cache is deleted when the build ends. Kernels
    started from parallel readers instead raced for TCP ports
    (jupyter_client 8.x): under ``-j 2`` a kernel sometimes died with
    "Address already in use".
    """
    scratch = Path(tempfile.mkdtemp(prefix="sigmoid-book-force-"))
    config.nb_execution_mode = "cache"
    config.nb_execution_cache_path = str(scratch)

    def remove_scratch(app: Any, exception: Exception | None) -> None:
        shutil.rmtree(scratch, ignore_errors=True)

    app.connect("build-finished", remove_scratch, priority=900)


def configure_cache(cache_root: Path, fingerprint: str, prune: bool) -> Path:
    """Return the cache folder for ``fingerprint``, deleting older ones.

    Every subfolder of ``cache_root`` whose name is not ``fingerprint`` was
    made for other sources, and no build can use it again except by
    reverting those sources. With ``prune`` true, they are removed. A force
    build passes false, so that it leaves a local cache alone.
    """
    if prune and cache_root.is_dir():
        for entry in cache_root.iterdir():
            if entry.name != fingerprint and entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
    return cache_root / fingerprint


@contextmanager
def cache_lock(cache_path: Path) -> Iterator[None]:
    """Hold an exclusive lock on the cache folder across processes."""
    cache_path.mkdir(parents=True, exist_ok=True)
    with FileLock(cache_path / LOCK_NAME):
        yield


def lock_cache_access() -> None:
    """Make MyST-NB's cache client hold `cache_lock` while it runs.

    jupyter-cache 1.0.1 keeps its records in one sqlite database, and two
    Sphinx readers (``-j``) that write to it at once can collide. With
    MyST-NB 1.4.0, all cache reads and writes of a page happen in
    ``NotebookClientCache.start_client``.
    """
    from myst_nb.core.execute.cache import NotebookClientCache

    original: Callable[[Any], None] = NotebookClientCache.start_client
    if getattr(original, "_book_locked", False):
        return

    def start_client(self: Any) -> None:
        with cache_lock(Path(self.nb_config.execution_cache_path)):
            original(self)

    start_client._book_locked = True  # type: ignore[attr-defined]
    NotebookClientCache.start_client = start_client  # type: ignore[method-assign]


def _read_notebook(env: Any, docname: str) -> tuple[Path, Any] | None:
    """Read a page the way MyST-NB's parser does, or None for plain pages."""
    from myst_nb.core.read import create_nb_reader

    path = Path(env.doc2path(docname))
    text = path.read_text(encoding="utf-8")
    reader = create_nb_reader(str(path), env.myst_config, env.mystnb_config, text)
    if reader is None:
        return None
    notebook = reader.read(text)
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    return (path, notebook) if code_cells else None


def execute_pending(app: Any, env: Any, docnames: list[str]) -> None:
    """Execute the pages that Sphinx will read and that miss the cache.

    Connected to ``env-before-read-docs``. Kernels run in threads, so
    their start-up and cells overlap, and every database write happens
    here, in the main process, before any parallel reader starts.
    """
    config = env.mystnb_config
    if config.execution_mode != "cache":
        return

    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn
    from jupyter_cache.executors.utils import single_nb_execution
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    cache_path = Path(config.execution_cache_path)
    with cache_lock(cache_path):
        cache = get_cache(cache_path)
        pending = []
        for docname in sorted(docnames):
            page = _read_notebook(env, docname)
            if page is None:
                continue
            try:
                cache.match_cache_notebook(page[1])
            except KeyError:
                pending.append(page)
    if not pending:
        return

    def execute(page: tuple[Path, Any]) -> tuple[Path, Any, Any]:
        path, notebook = page
        result = single_nb_execution(
            notebook,
            cwd=str(path.parent),
            allow_errors=config.execution_allow_errors,
            timeout=config.execution_timeout,
            meta_override=True,
        )
        return path, notebook, result

    workers = min(len(pending), max(app.parallel, os.cpu_count() or 1))
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(execute, pending))
    elapsed = time.perf_counter() - started

    executed = 0
    summed_seconds = 0.0
    with cache_lock(cache_path):
        for path, notebook, result in results:
            if result.err is not None:
                # MyST-NB executes this page again while reading it and
                # reports the error with its traceback there.
                logger.info(f"{path}: execution failed, left to MyST-NB")
                continue
            executed += 1
            summed_seconds += result.time
            logger.info(f"{path}: executed in {result.time:.2f} s")
            cache.cache_notebook_bundle(
                CacheBundleIn(
                    notebook, str(path), data={"execution_seconds": result.time}
                ),
                check_validity=False,
                overwrite=True,
            )
    logger.info(
        f"executed {executed} pages with {workers} kernels at a time in "
        f"{elapsed:.2f} s wall time, {summed_seconds:.2f} s summed over pages"
    )


def _has_outputs(path: Path) -> bool:
    """Return whether any code cell of the notebook at ``path`` has outputs."""
    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    return any(cell.get("outputs") for cell in cells)


def add_cached_outputs_to_downloads(app: Any, exception: Exception | None) -> None:
    """Put the cached outputs into the notebooks offered for download.

    In cache mode MyST-NB 1.4.0 renders the notebook merged with the cached
    outputs, but writes the notebook it read, without outputs, to
    ``jupyter_execute``, from where the theme's download button serves it.
    """
    if exception is not None or app.config.nb_execution_mode != "cache":
        return

    import nbformat
    from jupyter_cache import get_cache

    cache = get_cache(app.config.nb_execution_cache_path)
    folders = [
        Path(app.outdir) / "_sources",
        Path(app.outdir).parent / "jupyter_execute",
    ]
    for folder in folders:
        for path in folder.rglob("*.ipynb"):
            if _has_outputs(path):
                # Merged by an earlier build, and not rewritten since.
                continue
            notebook = nbformat.read(path, as_version=4)
            try:
                _, merged = cache.merge_match_into_notebook(notebook)
            except KeyError:
                # The page failed or has no cache record; leave it as it is.
                continue
            nbformat.write(merged, path)
