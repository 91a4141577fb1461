"""Helpers shared by command modules: output, filters, progress bars."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterable

from ..core.models import HitSource, SearchFilters, SearchHit


def add_filter_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--genre", action="append", default=[], help="keep films of this genre (repeatable)")
    p.add_argument("--year-from", type=int, help="released in or after this year")
    p.add_argument("--year-to", type=int, help="released in or before this year")
    p.add_argument("--runtime-max", type=int, help="at most this many minutes")


def filters_from(args: argparse.Namespace, exclude: Iterable[int] = ()) -> SearchFilters:
    return SearchFilters(
        genres=tuple(args.genre or ()),
        year_from=args.year_from,
        year_to=args.year_to,
        runtime_max=getattr(args, "runtime_max", None),
        exclude_ids=frozenset(exclude),
    )


def print_hits(hits: list[SearchHit], as_json: bool, empty: str = "No films found.") -> None:
    if as_json:
        json.dump([h.to_json() for h in hits], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    if not hits:
        print(empty)
        return
    width = len(str(len(hits)))
    for i, h in enumerate(hits, 1):
        genres = ", ".join(h.movie.genres[:3])
        print(f"{i:>{width}}. {h.movie.label}  [{genres}]  {h.score:.3f}")
        if h.reason:
            print(f"{' ' * (width + 2)}{h.reason}")
        elif h.because:
            lead = "like" if h.via is HitSource.SIMILAR else "because you liked"
            print(f"{' ' * (width + 2)}{lead} {', '.join(h.because)}")


def print_json(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


class ProgressBar:
    """A tqdm bar on stderr fed by ``(done, total[, phase])`` callbacks."""

    def __init__(self, desc: str, unit: str = "film") -> None:
        self.desc, self.unit = desc, unit
        self._bar = None
        self._phase = None

    def __call__(self, done: int, total: int, phase: str | None = None) -> None:
        from tqdm import tqdm

        if self._bar is None or phase != self._phase or self._bar.total != total:
            self.close()
            self._phase = phase
            label = f"{self.desc} ({phase})" if phase else self.desc
            self._bar = tqdm(
                total=total,
                desc=label,
                unit=self.unit,
                file=sys.stderr,
                dynamic_ncols=True,
                disable=None,
                mininterval=0.5,
            )
        self._bar.n = done
        self._bar.refresh()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def timed(fn: Callable[[], object]) -> tuple[object, float]:
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def confirm(question: str, assume_yes: bool) -> bool:
    if assume_yes:
        return True
    if not sys.stdin or not sys.stdin.isatty():
        print(f"{question} — not confirmed (no terminal); pass --yes to proceed.", file=sys.stderr)
        return False
    answer = input(f"{question} [y/N] ").strip().lower()
    return answer in ("y", "yes")
