#!/usr/bin/env python3
"""The cluster benchmarks of the Go module, run on Dask's
Client(LocalCluster(n_workers=2, threads_per_worker=1)).get_executor()
with the same trivial task (return x*2):

- round trip: one submit().result() at a time (median and p90, us);
- submit: N submits, then every result (tasks/s).

Each figure is printed as one plain line, `name value unit`. If Dask is
missing, the script says so and exits 0.

Usage: dask_executor.py [--tasks N] [--trips N]
"""

import argparse
import statistics
import sys
import time

try:
    from distributed import Client, LocalCluster
except ImportError as err:
    print(f"dask_executor.py: skipped: {err} (apt-get install python3-distributed)")
    sys.exit(0)


def double(x):
    return x * 2


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--tasks", type=int, default=2000)
    p.add_argument("--trips", type=int, default=200)
    a = p.parse_args()
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=50)
    client = Client(cluster)
    try:
        ex = client.get_executor(pure=False)
        for f in [ex.submit(double, i) for i in range(20)]:
            f.result()
        trips = []
        for i in range(a.trips):
            t = time.perf_counter()
            assert ex.submit(double, i).result() == 2 * i
            trips.append((time.perf_counter() - t) * 1e6)
        trips.sort()
        print(f"dask_roundtrip_median {statistics.median(trips):.1f} us")
        print(f"dask_roundtrip_p90 {trips[int(len(trips) * 0.9)]:.1f} us")
        t = time.perf_counter()
        fs = [ex.submit(double, i) for i in range(a.tasks)]
        for i, f in enumerate(fs):
            assert f.result() == 2 * i
        print(f"dask_submit {a.tasks / (time.perf_counter() - t):.0f} tasks/s")
    finally:
        client.close()
        cluster.close()


if __name__ == "__main__":
    main()
