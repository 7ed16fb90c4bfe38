#!/usr/bin/env python3
"""A/B timing of two `mote` builds on the bench workloads.

    scripts/ab.py A B [--rounds N] [workload ...]

A and B are two `mote` binaries (e.g. a release build copied aside before
a change, and one after). Each workload of bench/workloads/ (all of them
without SIMD when none is named) runs at its default scale under 8
layouts: 8 file names of different lengths (the host's and the guest's
heap layouts move with the length of argv) each with its own heap padding
(`MOTE_HEAP_PAD`, 0 to 3.5 KiB in steps of 512 bytes: it moves the
translated code against the value stack); one layout alone can be up to
1.6x off (README, Speed). Per layout and binary the time is the min of N
runs (user + system, default 2), A and B interleaved; a workload's figure
is the median over the layouts; prints B/A per workload and their geomean.
"""
import argparse, math, os, resource, shutil, statistics, subprocess, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORKLOADS = ["crc32", "fib", "fir", "interp", "intloop", "matmul", "memcopy",
             "nbody", "parse", "pointer_chase", "sha256", "sort"]
NAME_LENGTHS = [1, 4, 7, 10, 13, 16, 19, 22]


def cpu_time(binary, path, pad):
    env = dict(os.environ, MOTE_HEAP_PAD=str(pad))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([binary, "run", path], stdout=subprocess.DEVNULL, env=env, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("workloads", nargs="*", default=WORKLOADS)
    args = ap.parse_intermixed_args()
    ratios = []
    with tempfile.TemporaryDirectory() as tmp:
        for w in args.workloads:
            src = os.path.join(ROOT, "bench", "workloads", w + ".wasm")
            paths = []
            for n in NAME_LENGTHS:
                path = os.path.join(tmp, "w" * n + ".wasm")
                shutil.copyfile(src, path)
                paths.append(path)
            pad = {p: 512 * i for i, p in enumerate(paths)}
            best = {(b, p): math.inf for b in (args.a, args.b) for p in paths}
            for _ in range(args.rounds):
                for p in paths:
                    for b in (args.a, args.b):
                        best[b, p] = min(best[b, p], cpu_time(b, p, pad[p]))
            a = statistics.median(best[args.a, p] for p in paths)
            b = statistics.median(best[args.b, p] for p in paths)
            spread = lambda x: f"{min(best[x, p] for p in paths):.2f}-{max(best[x, p] for p in paths):.2f}"
            ratios.append(b / a)
            print(f"{w:14} A {a:.3f} [{spread(args.a)}]  B {b:.3f} [{spread(args.b)}]  B/A {b / a:.3f}", flush=True)
    print(f"geomean B/A {math.exp(sum(map(math.log, ratios)) / len(ratios)):.3f}")


if __name__ == "__main__":
    main()
