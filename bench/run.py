#!/usr/bin/env python
"""Run the Source Ledger benchmarks against PostgreSQL and print the table.

    make bench                                   # 10k claims (bounded default)
    make bench BENCH_ARGS="--sizes 10000,100000"
    make bench BENCH_ARGS="--full"               # adds 1M claims (tens of minutes)
    make bench BENCH_ARGS="--reuse --skip-import"  # keep generated databases

Each size runs in its own process (``bench/measure.py``) against its own
database ``sl_bench_<claims>`` on ``BENCH_PG_URL`` (default
postgres://postgres@127.0.0.1:5432). Every figure is the median of several
runs, printed beside a baseline measured in the same run, as a ratio.
Results go to bench/results/<timestamp>.json and bench/results/latest.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def machine() -> dict:
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        "load_average": os.getloadavg(),
    }


def ms(seconds) -> str:
    return "—" if seconds is None else f"{seconds * 1000:,.1f} ms"


def ratio(a, b) -> str:
    return "—" if not a or not b else f"{a / b:.2f}×"


def table(results: list[dict]) -> str:
    """Return the results as a Markdown table, one column per size."""
    header = "| Figure | " + " | ".join(f"{r['claims']:,} claims" for r in results) + " |"
    lines = [header, "|---|" + "---|" * len(results)]

    def row(label, cell):
        cells = []
        for r in results:
            try:
                cells.append(cell(r))
            except (KeyError, TypeError, ZeroDivisionError):
                cells.append("—")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    def page(key):
        return lambda r: ms(r["pages"][key]["median_s"])

    row("Sources", lambda r: f"{r['sources']:,}")
    row("Leaderboard page 1 (app, HTTP)", page("leaderboard"))
    row("Leaderboard page 1, its cached table rebuilt", page("leaderboard_cold"))
    row("… SQL GROUP BY, stored outcome", page("leaderboard_sql"))
    row("… SQL GROUP BY, outcome from links", page("leaderboard_sql_normalised"))
    row(
        "… ratio app ÷ SQL (stored / from links)",
        lambda r: (
            ratio(r["pages"]["leaderboard"]["median_s"], r["pages"]["leaderboard_sql"]["median_s"])
            + " / "
            + ratio(
                r["pages"]["leaderboard"]["median_s"],
                r["pages"]["leaderboard_sql_normalised"]["median_s"],
            )
        ),
    )
    row("Full per-source JSON (app, HTTP)", page("full_report"))
    row("… SQL with json_agg", page("full_report_sql"))
    row(
        "… ratio app ÷ SQL",
        lambda r: ratio(
            r["pages"]["full_report"]["median_s"], r["pages"]["full_report_sql"]["median_s"]
        ),
    )
    row("Source card, busiest source", page("card_busiest"))
    row("Source card, typical source", page("card_typical"))
    row("… SQL counts for one source", page("card_typical_sql"))
    row("Vet page (typical source)", page("vet"))
    row("Vet page (typical source), its cached body rebuilt", page("vet_cold"))
    row("Vet page (busiest source)", page("vet_busiest"))
    row("Vet page with similar-claims text", page("vet_text"))
    row("Claim page", page("claim_page"))
    row("Claim page, its cached body rebuilt", page("claim_page_cold"))
    row("Source card as of 2019-12-31, busiest", page("card_busiest_as_of"))
    row("Source card as of 2019-12-31, typical", page("card_typical_as_of"))
    row("Leaderboard as of 2019-12-31 (every claim recounted, once)", page("leaderboard_as_of"))
    row("Suggested networks page (once)", page("network_suggestions"))
    row(
        "Origin counting: count_origins per claim",
        lambda r: f"{r['pages']['origins']['count_origins_us_per_claim']:,.0f} µs",
    )
    row(
        "Origin counting: claims_recompute per claim (batch of 500)",
        lambda r: f"{r['pages']['origins']['claims_recompute_ms_per_claim']:,.2f} ms",
    )
    row(
        "Copy check: index (texts / band keys)",
        lambda r: "{index_texts:,} / {index_bands:,}".format(**r["pages"]["copies"]),
    )
    row(
        "Copy check per text: sign / lookup / compare / total",
        lambda r: (
            " / ".join(
                f"{r['pages']['copies'][k]:.2f}"
                for k in ("sign_ms", "lookup_ms", "compare_ms", "check_ms")
            )
            + " ms"
        ),
    )
    row(
        "Copy check: near-copies flagged, candidates (median / max)",
        lambda r: "{flagged} of {near_copies}, {candidates_median:g} / {candidates_max}".format(
            **r["pages"]["copies"]
        ),
    )
    for key, label in (
        ("leaderboard", "leaderboard"),
        ("leaderboard_cold", "leaderboard, cache missed"),
        ("full_report", "full report"),
        ("card_busiest", "card"),
        ("vet", "vet"),
        ("vet_cold", "vet, cache missed"),
        ("vet_text", "vet + text"),
        ("claim_page", "claim page"),
        ("claim_page_cold", "claim page, cache missed"),
        ("card_busiest_as_of", "card as of a date"),
        ("leaderboard_as_of", "leaderboard as of a date"),
    ):
        row(f"Queries: {label}", lambda r, key=key: str(r["pages"][key]["queries"]))
    for key, label in (
        ("vet", "Vet page"),
        ("leaderboard", "Leaderboard page 1"),
        ("claim", "Claim page"),
        ("claim_many", "Claim page, a different claim each time (cache missed)"),
        ("login", "Login page"),
    ):
        row(
            f"{label} under load: req/s",
            lambda r, key=key: f"{r['load'][key]['rps']:,.0f}",
        )
        row(
            f"{label} under load: p50 / p99",
            lambda r, key=key: (
                f"{r['load'][key]['p50_ms']:.0f} / {r['load'][key]['p99_ms']:.0f} ms"
            ),
        )
    # Issue 15's targets: vet and leaderboard ≥ 0.25× the login page, claim page ≥ 0.15×.
    for key, label in (
        ("vet", "Vet"),
        ("leaderboard", "Leaderboard"),
        ("claim", "Claim page"),
        ("claim_many", "Claim page, cache missed,"),
    ):
        row(
            f"{label} req/s ÷ login page req/s",
            lambda r, key=key: ratio(r["load"][key]["rps"], r["load"]["login"]["rps"]),
        )
    row(
        "Import: generate_newsroom claims/s",
        lambda r: f"{r['import']['generator_claims_per_s']:,.0f}",
    )
    row("Import: plain COPY claims/s", lambda r: f"{r['import']['copy_claims_per_s']:,.0f}")
    row(
        "Import: COPY into bare tables + index rebuild claims/s",
        lambda r: f"{r['import']['copy_rebuild_claims_per_s']:,.0f}",
    )
    row(
        "… ratio generator ÷ COPY (plain / bare + rebuild)",
        lambda r: (
            ratio(r["import"]["generator_claims_per_s"], r["import"]["copy_claims_per_s"])
            + " / "
            + ratio(r["import"]["generator_claims_per_s"], r["import"]["copy_rebuild_claims_per_s"])
        ),
    )
    row(
        "Checks (app figures = SQL figures)",
        lambda r: ", ".join(f"{k}={v}" for k, v in r["pages"]["checks"].items()),
    )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="Other options (--runs, --load-duration, --connections, --reuse, --skip-import, "
        "--skip-load, --seed, --prefix) are passed to bench/measure.py.",
    )
    parser.add_argument("--sizes", default="10000", help="Comma-separated claim counts.")
    parser.add_argument("--full", action="store_true", help="Also run at 1,000,000 claims.")
    parser.add_argument(
        "--render",
        nargs="+",
        metavar="JSON",
        help="Print the table from saved result files (run.py or measure.py output); run nothing.",
    )
    args, passthrough = parser.parse_known_args()
    if args.render:
        by_size = {}
        for path in args.render:
            data = json.loads(Path(path).read_text())
            for result in data.get("results", [data]):
                # Later files add to or replace the figures of earlier ones.
                by_size.setdefault(result["claims"], {}).update(result)
        print(table([by_size[size] for size in sorted(by_size)]))
        return 0
    sizes = [int(size) for size in args.sizes.split(",") if size]
    if args.full and 1_000_000 not in sizes:
        sizes.append(1_000_000)
    started = time.strftime("%Y%m%d-%H%M%S")
    results = []
    for size in sizes:
        print(f"== {size:,} claims", file=sys.stderr, flush=True)
        output = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "measure.py"), "--claims", str(size)]
            + passthrough,
            cwd=ROOT,
            check=True,
            text=True,
            stdout=subprocess.PIPE,
        ).stdout
        results.append(json.loads(output.strip().splitlines()[-1]))
    report = {"machine": machine(), "started": started, "results": results}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{started}.json").write_text(json.dumps(report, indent=1))
    text = table(results)
    postgres = results[0].get("postgres", "?") if results else "?"
    info = report["machine"]
    summary = (
        f"Machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']} RAM, "
        f"PostgreSQL {postgres}, Python {info['python']}; load average at the end "
        f"{', '.join(f'{x:.1f}' for x in info['load_average'])}."
    )
    (RESULTS / "latest.md").write_text(f"{summary}\n\n{text}\n")
    print(summary)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
