"""Print the benchmark table: `python -m bench` (or `make bench`)."""
from __future__ import annotations

import sys

from bench import board_bench


def norms_rows() -> tuple[list[tuple], str | None]:
    """Return the norms rows as (label, value, "", notes), or none and the reason they are missing."""
    try:
        from bench import norms_bench
    except Exception as problem:  # noqa: BLE001  (whatever breaks the import, say so and go on)
        return [], f"bench.norms_bench could not be imported: {type(problem).__name__}: {problem}"
    try:
        rows = [(label, value, "", notes) for label, value, notes in norms_bench.rows()]
    except Exception as problem:  # noqa: BLE001
        return [], f"bench.norms_bench.rows() failed: {type(problem).__name__}: {problem}"
    return rows, None


def pads_rows() -> tuple[list[tuple], str | None]:
    """Return the live pads rows, or none and the reason they are missing (the table goes on)."""
    try:
        from bench import pads_bench
    except Exception as problem:  # noqa: BLE001  (whatever breaks the import, say so and go on)
        return [], f"Pads rows unavailable: bench.pads_bench could not be imported: {type(problem).__name__}: {problem}"
    try:
        return pads_bench.rows(), None
    except Exception as problem:  # noqa: BLE001
        return [], f"Pads rows unavailable: bench.pads_bench.rows() failed: {type(problem).__name__}: {problem}"


def public_rows() -> tuple[list[tuple], str | None]:
    """Return the public page throughput rows, or none and the reason they are missing."""
    try:
        from bench import public_bench

        return public_bench.rows(), None
    except Exception as problem:  # noqa: BLE001  (whatever breaks, say so and go on)
        return [], f"Public page rows unavailable: {type(problem).__name__}: {problem}"


def fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 10 else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def print_table(sections: list[tuple[str, list[tuple], str | None]]) -> None:
    """Print one table with aligned columns; each section under its heading."""
    header = ("row", "value", "unit", "notes")
    cells = [(str(label), fmt(value), unit, notes)
             for _, rows, _ in sections for label, value, unit, notes in rows]
    widths = [max(len(row[i]) for row in [header, *cells]) for i in range(3)]

    def line(label, value, unit, notes):
        return f"{label:<{widths[0]}}  {value:>{widths[1]}}  {unit:<{widths[2]}}  {notes}".rstrip()

    print(line(*header))
    print(line(*("-" * w for w in widths), "-" * 5))
    for heading, rows, missing in sections:
        print(f"\n{heading}")
        if missing:
            print(f"  {missing}")
        for label, value, unit, notes in rows:
            print(line(str(label), fmt(value), unit, notes))


def main() -> int:
    about, board = board_bench.run()
    norms, missing = norms_rows()
    pads, pads_missing = pads_rows()
    public, public_missing = public_rows()
    print(f"Commons benchmarks ({about})\n")
    print_table([
        ("Board pages (GET through the Flask test client)", board, None),
        ("Norms checks (bench/norms_bench.py)", norms, f"Norms rows unavailable: {missing}" if missing else None),
        ("Live pads (bench/pads_bench.py: gunicorn processes, PadClients over WebSockets)", pads, pads_missing),
        ("Public pages for anonymous visitors (bench/public_bench.py: gunicorn 2 workers x 8 threads, wrk -c16)",
         public, public_missing),
    ])
    return 0


if __name__ == "__main__":
    sys.exit(main())
