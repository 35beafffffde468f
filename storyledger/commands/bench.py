"""bench: run the benchmark suite and write BENCHMARKS.md."""
from __future__ import annotations

import shlex
import sys

from storyledger.commands.common import fail


def register(sub) -> None:
    from storyledger.evaluate.bench import BENCHMARKS

    p = sub.add_parser("bench", help="run the benchmarks and write their figures to BENCHMARKS.md",
                       description="Throughput against the bare spaCy pass, memory, growth with the store, "
                                   "quality on the gold files and public benchmarks, Dask speed-up. "
                                   f"Benchmarks: {', '.join(BENCHMARKS)}.")
    p.add_argument("--quick", action="store_true", help="smaller sizes (about 2 minutes instead of 20)")
    p.add_argument("--only", metavar="NAME,...", help="run only these benchmarks; other sections of the "
                                                      "output file are kept")
    p.add_argument("--output", default="BENCHMARKS.md", help="results file (default: BENCHMARKS.md)")
    p.add_argument("--dask-workers", type=int, default=2, help="workers of the local Dask cluster (default 2)")
    p.add_argument("--store-sizes", metavar="N,...", help="store sizes for the growth benchmark "
                                                          "(default 1000,3000; quick 150,450)")
    p.add_argument("--growth-dir", metavar="DIR", help="keep the growth benchmark's stores in DIR and reuse "
                                                       "them next time (building 100,000 takes about an hour)")
    p.set_defaults(func=cmd_bench)


def cmd_bench(args) -> int:
    import dataclasses

    from storyledger.evaluate import bench

    names = [n.strip() for n in args.only.split(",") if n.strip()] if args.only else None
    sizes = bench.QUICK if args.quick else bench.FULL
    if args.store_sizes:
        try:
            stores = tuple(sorted(int(n) for n in args.store_sizes.split(",")))
        except ValueError:
            fail(f"--store-sizes: expected numbers separated by commas, got {args.store_sizes!r}")
        sizes = dataclasses.replace(sizes, stores=stores)
    command = "storyledger " + " ".join(shlex.quote(a) for a in sys.argv[sys.argv.index("bench"):]) \
        if "bench" in sys.argv else "storyledger bench"
    try:
        bench.run(names, quick=args.quick, dask_workers=args.dask_workers, command=command, sizes=sizes,
                  on_section=lambda section: bench.write_results([section], args.output),
                  growth_dir=args.growth_dir)
    except ValueError as exc:
        fail(str(exc))
    print(f"wrote {args.output}")
    return 0
