#!/usr/bin/env python3
"""The processpool benchmarks of the Go module, run on Python's
concurrent.futures.ProcessPoolExecutor and multiprocessing.Pool with 2
workers and the same trivial task (return x*2):

- submit: 20k submits, then every result (tasks/s);
- round trip: one submit().result() at a time (median and p90, us);
- map: ProcessPoolExecutor.map with chunksize=1000 and
  multiprocessing.Pool.map with its default chunks, over 100k ints (items/s);
- start: a new spawn-context pool to its first result, shutdown included (ms).

Each figure is printed as one plain line, `name value unit`. If Python
lacks what a measurement needs, the script says so and exits 0.

Usage: processpool.py [--tasks N] [--items N] [--trips N]
"""

import argparse
import platform
import statistics
import sys
import time

try:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
except ImportError as err:  # a Python built without multiprocessing
    print(f"processpool.py: skipped: {err}")
    sys.exit(0)

WORKERS = 2


def double(x):
    return x * 2


def warm(ex):
    """Starts every worker before timing."""
    for f in [ex.submit(double, i) for i in range(4 * WORKERS)]:
        f.result()


def submit(n):
    with ProcessPoolExecutor(max_workers=WORKERS) as ex:
        warm(ex)
        start = time.perf_counter()
        futures = [ex.submit(double, i) for i in range(n)]
        for i, f in enumerate(futures):
            assert f.result() == 2 * i
        return n / (time.perf_counter() - start)


def round_trip(n):
    with ProcessPoolExecutor(max_workers=WORKERS) as ex:
        warm(ex)
        lat = []
        for i in range(n):
            start = time.perf_counter()
            ex.submit(double, i).result()
            lat.append(time.perf_counter() - start)
    lat.sort()
    return statistics.median(lat) * 1e6, lat[len(lat) * 9 // 10] * 1e6


def executor_map(xs):
    with ProcessPoolExecutor(max_workers=WORKERS) as ex:
        warm(ex)
        start = time.perf_counter()
        out = list(ex.map(double, xs, chunksize=1000))
        elapsed = time.perf_counter() - start
    assert out == [2 * x for x in xs]
    return len(xs) / elapsed


def pool_map(xs):
    with multiprocessing.Pool(WORKERS) as pool:
        pool.map(double, range(4 * WORKERS))
        start = time.perf_counter()
        out = pool.map(double, xs)
        elapsed = time.perf_counter() - start
    assert out == [2 * x for x in xs]
    return len(xs) / elapsed


def start_to_first():
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=WORKERS, mp_context=multiprocessing.get_context("spawn")) as ex:
        ex.submit(double, 1).result()
    return (time.perf_counter() - start) * 1e3


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=20_000, help="tasks of the submit measurement")
    parser.add_argument("--items", type=int, default=100_000, help="items of the map measurements")
    parser.add_argument("--trips", type=int, default=2_000, help="round trips measured")
    args = parser.parse_args()
    print(f"python: {platform.python_implementation()} {platform.python_version()}")
    print(f"workers: {WORKERS}")
    xs = list(range(args.items))
    print(f"python-submit-{args.tasks // 1000}k {submit(args.tasks):.0f} tasks/s", flush=True)
    median, p90 = round_trip(args.trips)
    print(f"python-roundtrip-median {median:.1f} us", flush=True)
    print(f"python-roundtrip-p90 {p90:.1f} us", flush=True)
    print(f"python-executor-map-chunk1000 {executor_map(xs):.0f} items/s", flush=True)
    print(f"python-pool-map {pool_map(xs):.0f} items/s", flush=True)
    print(f"python-start-first-result-spawn {start_to_first():.1f} ms", flush=True)


if __name__ == "__main__":
    main()
