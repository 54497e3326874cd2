"""``python -m scaling_lib.lab``: the instructor's commands for the class training service.

    python -m scaling_lib.lab secret --out lab.key
    python -m scaling_lib.lab tokens --roster roster.csv --secret-file lab.key > tokens.csv
    python -m scaling_lib.lab serve --roster roster.csv --secret-file lab.key --db lab.sqlite
    python -m scaling_lib.lab key --roster roster.csv --secret-file lab.key --db lab.sqlite --out key.csv
    python -m scaling_lib.lab grade-class --roster roster.csv --secret-file lab.key --db lab.sqlite \\
        --submissions submissions.csv --out grades.csv --report report.md
"""

from __future__ import annotations

import argparse
import csv
import os
import secrets
import sys
from pathlib import Path

from .hidden import MIN_SECRET_BYTES, token_for
from .store import Store

__all__ = ["main"]


def _secret(path: str) -> bytes:
    secret = Path(path).read_bytes().strip()
    if len(secret) < MIN_SECRET_BYTES:
        sys.exit(f"{path}: the secret must hold at least {MIN_SECRET_BYTES} bytes (make one with 'secret')")
    return secret


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m scaling_lib.lab", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser(
        "secret", help="write a new random secret (keep it off the students' machines)"
    )
    make.add_argument("--out", required=True)
    for name, text in (("tokens", "print each student's access token as CSV"),
                       ("serve", "start the service on 127.0.0.1"),
                       ("key", "compute each student's answers from their runs (CSV)"),
                       ("grade-class", "grade the submissions against the ledger")):  # fmt: skip
        sub = commands.add_parser(name, help=text)
        sub.add_argument("--roster", required=True, help="CSV with a student_id column")
        sub.add_argument("--secret-file", required=True)
        if name != "tokens":
            sub.add_argument("--db", required=True, help="the SQLite ledger (created if missing)")
        if name == "serve":
            sub.add_argument("--host", default="127.0.0.1")
            sub.add_argument("--port", type=int, default=8765)
        if name == "key":
            sub.add_argument("--out", required=True, help="CSV: each student's answers, from their own runs")
        if name == "grade-class":
            sub.add_argument("--submissions", required=True, help=".csv or .jsonl")
            sub.add_argument("--out", required=True, help="LMS CSV: student_id, score and its two parts")
            sub.add_argument("--report", required=True, help="the instructor's report (Markdown)")
            sub.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                             help="processes for the reference studies (default: one per core)")  # fmt: skip
    args = parser.parse_args(argv)
    if args.command == "secret":
        out = Path(args.out)
        if out.exists():
            sys.exit(f"{out} exists: a new secret would change every student's law")
        out.write_text(secrets.token_hex(32) + "\n")
        os.chmod(out, 0o600)
        print(f"wrote {out}")
        return
    from .service import read_roster

    roster, secret = read_roster(args.roster), _secret(args.secret_file)
    if args.command == "tokens":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["student_id", "token"])
        writer.writerows((s, token_for(secret, s)) for s in roster)
    elif args.command == "serve":
        import uvicorn

        from .service import ClassConfig, create_app

        app = create_app(ClassConfig(secret, tuple(roster), Store(args.db)))
        where = f"http://{args.host}:{args.port}"
        print(f"serving {len(roster)} students at {where} (ledger {args.db}); Ctrl-C stops", flush=True)
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    elif args.command == "key":
        from .grading import answer_key

        rows = answer_key(Store(args.db), roster)
        with open(args.out, "w", newline="") as f:
            table = csv.DictWriter(f, fieldnames=list(rows[0]))
            table.writeheader()
            table.writerows(rows)
        print(f"wrote the answers of {len(rows)} students to {args.out}")
    else:
        from .grading import grade_class, read_submissions, write_results

        submissions = read_submissions(args.submissions)
        results = grade_class(secret, Store(args.db), roster, submissions, workers=args.workers)
        write_results(results, args.out, args.report)
        print(f"graded {len(results)} students: {args.out}, {args.report}")


if __name__ == "__main__":
    main()
