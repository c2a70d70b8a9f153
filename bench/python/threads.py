#!/usr/bin/env python3
"""Workloads A and B of the Go benchmarks, run on Python's
concurrent.futures.ThreadPoolExecutor with 2 workers.

Workload A: create the executor, submit 100k trivial tasks (return i*2),
collect every result, shut down. Workload B: an ordered map of x*2 over
100k ints (Executor.map), executor creation included.

Each measurement is printed as one plain line in the Go benchmark format,
so that the same tools read both:

    BenchmarkPythonThreads/A-submit-result 1 16500 ns/task

Usage: threads.py [--count N] [--tasks N]
"""

import argparse
import platform
import sys
import time
from concurrent.futures import ThreadPoolExecutor

WORKERS = 2


def double(i):
    return i * 2


def workload_a(n):
    """Submits n tasks, then collects every result, and returns them."""
    with ThreadPoolExecutor(max_workers=WORKERS) as ex:
        futures = [ex.submit(double, i) for i in range(n)]
        return [f.result() for f in futures]


def workload_b(xs):
    """Maps double over xs in order and returns the results."""
    with ThreadPoolExecutor(max_workers=WORKERS) as ex:
        return list(ex.map(double, xs))


def measure(name, unit, n, fn, arg):
    start = time.perf_counter_ns()
    out = fn(arg)
    elapsed = time.perf_counter_ns() - start
    if out != [2 * i for i in range(n)]:
        sys.exit(f"{name}: wrong results")
    print(f"BenchmarkPythonThreads/{name} 1 {elapsed / n:.1f} ns/{unit}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5, help="runs of each workload")
    parser.add_argument("--tasks", type=int, default=100_000, help="tasks per run")
    args = parser.parse_args()
    print(f"python: {platform.python_implementation()} {platform.python_version()}")
    print(f"workers: {WORKERS}")
    print(f"tasks: {args.tasks}")
    for _ in range(args.count):
        measure("A-submit-result", "task", args.tasks, workload_a, args.tasks)
    xs = list(range(args.tasks))
    for _ in range(args.count):
        measure("B-map", "item", args.tasks, workload_b, xs)


if __name__ == "__main__":
    main()
