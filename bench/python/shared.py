#!/usr/bin/env python3
"""The shared-state benchmarks of the Go module (BenchmarkSharedValue and
BenchmarkSharedDict), run on Python's multiprocessing:

- value: 2 processes each add 1 to one Value('q') under its get_lock(),
  N times, started together; ns per increment from the start signal to
  the last one's end;
- dict: one process does N Set+Get pairs (d[k] = i; d[k]) on a
  Manager().dict() proxy held by the parent; us per pair, measured in the
  worker.

Each figure is printed as one line in the Go benchmark format, so that
benchreport reads it as it reads go test output. If Python lacks what a
measurement needs, the script says so and exits 0.

Usage: shared.py [--increments N] [--pairs N] [--count N]
"""

import argparse
import platform
import sys
import time

try:
    import multiprocessing
except ImportError as err:  # a Python built without multiprocessing
    print(f"shared.py: skipped: {err}")
    sys.exit(0)


def increments(v, go, ends, i, n):
    go.wait()
    for _ in range(n):
        with v.get_lock():
            v.value += 1
    ends[i] = time.perf_counter_ns()


def value(n):
    v = multiprocessing.Value("q", 0)
    go = multiprocessing.Event()
    ends = multiprocessing.Array("q", 2)
    ps = [multiprocessing.Process(target=increments, args=(v, go, ends, i, n)) for i in range(2)]
    for p in ps:
        p.start()
    time.sleep(0.2)
    start = time.perf_counter_ns()
    go.set()
    for p in ps:
        p.join()
    assert v.value == 2 * n, v.value
    return (max(ends[:]) - start) / (2 * n)


def pairs(d, n, out):
    d["warm"] = 0
    start = time.perf_counter_ns()
    for i in range(n):
        d["k"] = i
        assert d["k"] == i
    out.put(time.perf_counter_ns() - start)


def manager_dict(n):
    with multiprocessing.Manager() as m:
        d = m.dict()
        out = multiprocessing.Queue()
        p = multiprocessing.Process(target=pairs, args=(d, n, out))
        p.start()
        ns = out.get()
        p.join()
    return ns / 1e3 / n


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--increments", type=int, default=200_000, help="increments per process")
    parser.add_argument("--pairs", type=int, default=5_000, help="Set+Get pairs")
    parser.add_argument("--count", type=int, default=1, help="runs of each measurement")
    args = parser.parse_args()
    print(f"python: {platform.python_implementation()} {platform.python_version()}")
    for _ in range(args.count):
        ns = value(args.increments)
        print(f"BenchmarkPythonShared/value-update-2procs-2 {2 * args.increments} {ns:.1f} ns/increment", flush=True)
    for _ in range(args.count):
        us = manager_dict(args.pairs)
        print(f"BenchmarkPythonShared/dict-set-get-from-worker-2 {args.pairs} {us:.2f} us/pair", flush=True)


if __name__ == "__main__":
    main()
