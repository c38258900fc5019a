"""The plotly.js bundle: pinned, installed once per lockfile, served on one page.

The browser checks of the served bundle are in tests/browser/test_explorer.py.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType

from plotly.offline import get_plotlyjs_version

from .conftest import CHAPTERS, CONF, DOCS, Build, run_sphinx

LOCK_FILE = CONF / "js" / "package-lock.json"
PACKAGE = "plotly.js-basic-dist-min"
SCRIPT_TAG = re.compile(r'<script[^>]*\bsrc="([^"]*plotly[^"]*)"')
# A closed port on the loopback address, so that npm fails without
# sending anything off the machine.
UNREACHABLE_REGISTRY = "http://127.0.0.1:9/"


def load_bundle_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "_plotly_bundle", CONF / "_plotly_bundle.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def locked_version() -> str:
    lock = json.loads(LOCK_FILE.read_text(encoding="utf-8"))
    version: str = lock["packages"][f"node_modules/{PACKAGE}"]["version"]
    return version


def test_lock_pins_exact_version_with_hash() -> None:
    package = json.loads((CONF / "js" / "package.json").read_text(encoding="utf-8"))
    lock = json.loads(LOCK_FILE.read_text(encoding="utf-8"))
    entry = lock["packages"][f"node_modules/{PACKAGE}"]

    assert package["dependencies"] == {PACKAGE: entry["version"]}
    assert entry["integrity"].startswith("sha512-")
    # Only the one package: the bundle has no dependencies of its own.
    assert set(lock["packages"]) == {"", f"node_modules/{PACKAGE}"}


def test_lock_matches_plotly_major_version() -> None:
    bundled = get_plotlyjs_version()

    assert locked_version().split(".")[0] == bundled.split(".")[0]


def test_plotly_only_on_explorer_page(built_book: Build) -> None:
    for chapter in CHAPTERS:
        html = (built_book.html / f"{chapter}.html").read_text(encoding="utf-8")
        scripts = SCRIPT_TAG.findall(html)
        if chapter == "explorer":
            assert len(scripts) == 1
            assert scripts[0].startswith("_static/plotly-basic.min.js?v=")
            # Not a script that the browser runs: explorer.js loads the
            # bundle from this URL when the reader turns to an explorer.
            assert (
                f'<script id="plotly-js" type="text/plain" src="{scripts[0]}">' in html
            )
        else:
            assert scripts == [], chapter


def test_served_bundle_is_locked_file(built_book: Build) -> None:
    served = (built_book.html / "_static" / "plotly-basic.min.js").read_text(
        encoding="utf-8"
    )

    assert served.startswith(
        f"/**\n* plotly.js (basic - minified) v{locked_version()}\n"
    )


def test_concurrent_installs_share_one_folder(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path

        sys.path.insert(0, {str(CONF)!r})
        import _plotly_bundle

        print(_plotly_bundle.installed_bundle(cache=Path({str(cache)!r})))
        """
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    results = [process.communicate(timeout=600) for process in processes]

    for process, (_, stderr) in zip(processes, results, strict=True):
        assert process.returncode == 0, stderr
    paths = {stdout.strip() for stdout, _ in results}
    assert len(paths) == 1
    (bundle,) = (Path(path) for path in paths)
    assert bundle.is_file()
    # Exactly one installation folder, and no partial install left over.
    folders = [path.name for path in cache.iterdir() if path.is_dir()]
    assert folders == [bundle.relative_to(cache).parts[0]]


def test_installed_bundle_reuses_folder(tmp_path: Path) -> None:
    module = load_bundle_module()
    cache = tmp_path / "cache"
    first = module.installed_bundle(cache=cache)
    inode = first.stat().st_ino

    again = module.installed_bundle(cache=cache)

    assert again == first
    assert again.stat().st_ino == inode


def test_changed_lock_installs_new_folder(tmp_path: Path) -> None:
    module = load_bundle_module()
    cache = tmp_path / "cache"
    package_dir = tmp_path / "js"
    package_dir.mkdir()
    for name in ("package.json", "package-lock.json"):
        (package_dir / name).write_bytes((CONF / "js" / name).read_bytes())
    first = module.installed_bundle(package_dir, cache)

    package = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))
    package["description"] = "A changed manifest."
    (package_dir / "package.json").write_text(json.dumps(package), encoding="utf-8")
    second = module.installed_bundle(package_dir, cache)

    assert second != first
    assert second.is_file()
    assert second.read_bytes() == first.read_bytes()


def test_failed_npm_fails_build(tmp_path: Path) -> None:
    env = {
        "SIGMOID_BOOK_JS_CACHE": str(tmp_path / "cache"),
        # An empty npm cache, so that npm must download the package.
        "npm_config_cache": str(tmp_path / "npm-cache"),
        "npm_config_registry": UNREACHABLE_REGISTRY,
        "npm_config_fetch_retries": "0",
    }
    build = run_sphinx(DOCS, tmp_path / "html", env=env)

    assert build.returncode != 0
    assert "plotly.js bundle error" in build.output
    assert "'npm ci --ignore-scripts --no-audit --no-fund' failed" in build.output
    assert "Check the network connection to the npm registry" in build.output
    assert "ECONNREFUSED" in build.output
    # The failed install leaves no folder that a later build could take.
    assert [path for path in (tmp_path / "cache").iterdir() if path.is_dir()] == []
