"""Run the command line: ``python -m sigmoid_explainer figures --out DIR``."""

from __future__ import annotations

from .cli import main

__all__ = ["main"]

if __name__ == "__main__":
    # The installed sigmoid-explainer command calls main() directly, and
    # its usage line names that command.
    raise SystemExit(main(prog="python -m sigmoid_explainer"))
