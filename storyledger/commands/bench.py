"""bench: run the benchmark suite and write BENCHMARKS.md."""
from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from storyledger.commands.common import fail, whole_number


def register(sub) -> None:
    from storyledger.evaluate.bench import BENCHMARKS

    p = sub.add_parser("bench", help="run the benchmarks and write their figures to BENCHMARKS.md",
                       description="Throughput against the bare spaCy pass, memory, growth with the store, "
                                   "quality on the gold files and public benchmarks, Dask speed-up. "
                                   f"Benchmarks: {', '.join(BENCHMARKS)}.")
    p.add_argument("--quick", action="store_true", help="smaller sizes (about 2 minutes instead of 20)")
    p.add_argument("--only", metavar="NAME,...", help="run only these benchmarks; other sections of the "
                                                      "output file are kept")
    p.add_argument("--output", default="BENCHMARKS.md", help="results file")
    p.add_argument("--dask-workers", type=whole_number(1, 1024), default=2,
                   help="workers of the local Dask cluster")
    p.add_argument("--store-sizes", metavar="N,...", help="store sizes for the growth benchmark "
                                                          "(default: 1000,3000; quick 150,450)")
    p.add_argument("--pipeline-sizes", metavar="N,...", help="corpus sizes for throughput and memory "
                                                              "(default: 200,1000; quick 30,120)")
    p.add_argument("--dask-articles", type=whole_number(1), metavar="N",
                   help="articles analysed single-process and on Dask (default: 300; quick 30)")
    p.add_argument("--growth-dir", metavar="DIR", help="keep the growth benchmark's stores in DIR and reuse "
                                                       "them next time (building 100,000 takes about an hour)")
    p.set_defaults(func=cmd_bench)


def cmd_bench(args) -> int:
    import dataclasses

    from storyledger.evaluate import bench

    names = [n.strip() for n in args.only.split(",") if n.strip()] if args.only else None
    _check_writable(args.output)  # now, not after the first benchmark's minutes
    sizes = bench.QUICK if args.quick else bench.FULL
    if args.store_sizes:
        sizes = dataclasses.replace(sizes, stores=_numbers("--store-sizes", args.store_sizes))
    if args.pipeline_sizes:
        sizes = dataclasses.replace(sizes, pipeline=_numbers("--pipeline-sizes", args.pipeline_sizes))
    if args.dask_articles is not None:
        sizes = dataclasses.replace(sizes, dask=args.dask_articles)
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


def _check_writable(output: str) -> None:
    path = Path(output)
    if path.is_dir() or not os.access(path.resolve().parent, os.W_OK) or \
            (path.exists() and not os.access(path, os.W_OK)):
        fail(f"--output {output}: cannot write there; give a file in a folder you can write to")


def _numbers(option: str, value: str) -> tuple[int, ...]:
    try:
        numbers = tuple(sorted(int(n) for n in value.split(",")))
    except ValueError:
        fail(f"{option}: expected numbers separated by commas, got {value!r}")
    if not numbers or min(numbers) < 1:
        fail(f"{option}: sizes must be at least 1, got {value!r}")
    return numbers
