"""``movierec eval movielens``: the offline recommendation benchmark (see eval/movielens.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..services import Services
from ._common import ProgressBar, print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eval", help="measure recommendation quality offline")
    targets = p.add_subparsers(dest="dataset", metavar="DATASET", required=True)
    ml = targets.add_parser(
        "movielens",
        help="leave-last-liked-out HR@10 / NDCG@10 against random, popularity and mean-of-liked baselines",
        description="For each test user, hold out the last film rated ≥ 4 and rank every other described film. "
        "Popularity is learned from the train ratings only (test users are removed from them).",
    )
    ml.add_argument("--movies", required=True, type=Path, help="movies_with_text.csv")
    ml.add_argument("--train-ratings", required=True, type=Path, help="ratings the popularity prior may learn from")
    ml.add_argument("--test-ratings", required=True, type=Path, help="ratings of the users to evaluate")
    ml.add_argument("--k", type=int, default=10, help="cut-off for HR and NDCG (default 10)")
    ml.add_argument("--min-history", type=int, default=1, help="skip users with fewer earlier ratings")
    ml.add_argument("--json", action="store_true")
    ml.set_defaults(func=_movielens)


def _movielens(services: Services, args: argparse.Namespace) -> int:
    with ProgressBar("embedding the evaluation catalog") as bar:
        report = services.evaluate_movielens(
            args.movies, args.train_ratings, args.test_ratings, k=args.k, min_history=args.min_history,
            progress=lambda done, total: bar(done, total),
        )
    if report.dropped_train_users:
        print(f"note: {report.dropped_train_users} test users also in the train file were removed from train",
              file=sys.stderr)
    if args.json:
        print_json(report.to_json())
    else:
        print(f"{report.test_users} test users, {report.catalog} films, {report.train_ratings} train ratings")
        print(report.table())
    return 0
