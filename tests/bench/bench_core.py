"""Time the sigmoid and its derivative against scipy and numpy baselines.

Run it with ``nox -s bench`` (extra arguments go to this script, for
example ``nox -s bench -- --repeat 11``). For 10**6 and 10**7 elements in
float32 and float64 it times, side by side in one run:

- ``sigmoid`` and ``derivative`` from this package;
- ``scipy.special.expit``, the implementation users would otherwise pick;
- the naive formula ``1 / (1 + np.exp(-x))``, which is wrong in the tails;
- a bare ``np.exp(x)``, the compute floor;
- ``x.copy()``, the memory floor.

The variants run in turn within each repetition, so that load from other
processes affects them alike. The script prints the median time of each
variant and its ratio to expit, to np.exp and to the copy. It also prints
the ratio of derivative to sigmoid, and the peak memory that each call
allocates beyond its result (numpy reports its allocations to
tracemalloc).

The figures depend on the machine and on its load; compare ratios taken
in the same run, not times from different runs.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
import scipy
import scipy.special

import sigmoid_explainer as se

Variant = Callable[[np.ndarray], np.ndarray]


def naive(x: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        result: np.ndarray = 1 / (1 + np.exp(-x))
    return result


VARIANTS: dict[str, Variant] = {
    "sigmoid": se.sigmoid,
    "derivative": se.derivative,
    "expit": scipy.special.expit,
    "naive": naive,
    "np.exp": np.exp,
    "copy": np.copy,
}


def peak_extra_bytes(variant: Variant, x: np.ndarray) -> int:
    """Return the peak bytes that one call allocates beyond its result."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        result = variant(x)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return max(peak - result.nbytes, 0)


def median_times(x: np.ndarray, repeat: int) -> dict[str, float]:
    """Time every variant ``repeat`` times, in turn, and return the medians."""
    times: dict[str, list[float]] = {name: [] for name in VARIANTS}
    for variant in VARIANTS.values():
        variant(x)  # warm up caches and page in the result size
    for _ in range(repeat):
        for name, variant in VARIANTS.items():
            start = time.perf_counter()
            variant(x)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def simd_features() -> str:
    """Return the SIMD extensions that numpy detected on this CPU."""
    try:
        from numpy._core._multiarray_umath import __cpu_features__
    except ImportError:
        return "unknown"
    features = ("AVX2", "AVX512F", "AVX512_SKX", "AVX512_ICL", "NEON", "ASIMD")
    found = [name for name in features if __cpu_features__.get(name)]
    return ", ".join(found) or "none of " + ", ".join(features)


def report(dtype: Any, size: int, repeat: int) -> None:
    """Print the times, ratios and memory for one dtype and size."""
    x = np.random.default_rng(0).uniform(-40.0, 40.0, size).astype(dtype)
    medians = median_times(x, repeat)
    extra = {name: peak_extra_bytes(variant, x) for name, variant in VARIANTS.items()}

    print(f"\n{np.dtype(dtype).name}, n = {size:.0e}, median of {repeat}")
    print(
        f"{'variant':<12}{'ms':>9}{'/expit':>9}{'/np.exp':>9}{'/copy':>9}"
        f"{'extra MiB':>11}{'extra/n':>9}"
    )
    for name, seconds in medians.items():
        print(
            f"{name:<12}{seconds * 1e3:>9.2f}"
            f"{seconds / medians['expit']:>9.2f}"
            f"{seconds / medians['np.exp']:>9.2f}"
            f"{seconds / medians['copy']:>9.2f}"
            f"{extra[name] / 2**20:>11.2f}"
            f"{extra[name] / x.nbytes:>9.2f}"
        )
    ratio = medians["derivative"] / medians["sigmoid"]
    print(f"derivative / sigmoid: {ratio:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeat", type=int, default=7, help="timed calls per variant (default 7)"
    )
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[10**6, 10**7],
        help="array sizes in elements (default 1000000 10000000)",
    )
    arguments = parser.parse_args()

    print(
        f"numpy {np.__version__}, scipy {scipy.__version__}, "
        f"python {platform.python_version()}, {platform.machine()}, "
        f"SIMD: {simd_features()}"
    )
    print("'extra' is the peak allocation of one call beyond its result.")
    for dtype in (np.float32, np.float64):
        for size in arguments.sizes:
            report(dtype, size, arguments.repeat)


if __name__ == "__main__":
    main()
