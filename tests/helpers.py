"""Helpers shared by the tests."""

from __future__ import annotations

import contextlib
import io
import math
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from analysis.data.dataset import Dataset, Preparation, prepare_dataset
from analysis.data.loading import read_table
from analysis.data.roles import detect_roles

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
BAD = DATA / "bad"

#: A small client-level file with a missing mode, outcome and problem, an outcome that is
#: not a number and modes spelled two ways.
MESSY = ("client_id,mode,satisfaction,problem_type\n"
         "1,online,28,anxiety\n2,F2F,30,family\n3,online,,family\n4,,25,anxiety\n"
         "5,F2F,abc,anxiety\n6,online,20,\n7,F2F,26,family\n")


def dataset_from_bytes(data: bytes | str, name: str = "test.csv", **preparation) -> Dataset:
    """Read ``data`` as the file ``name`` and prepare it with detected roles (overridable)."""
    raw = data.encode() if isinstance(data, str) else data
    table = read_table(raw, name)
    roles = detect_roles(table.frame).replace(**preparation.pop("roles", {}))
    return prepare_dataset(table.frame, Preparation(roles, **preparation),
                           first_row=table.first_row)


def codes(dataset: Dataset) -> set[str]:
    return {issue.code for issue in dataset.validation.issues}


def issue(dataset: Dataset, code: str):
    matches = [i for i in dataset.validation.issues if i.code == code]
    assert matches, f"no issue {code!r} in {sorted(codes(dataset))}"
    return matches[0]


# --------------------------------------------------------------------------- the CLI in-process

@dataclass
class CliRun:
    """What one in-process run of ``python -m analysis ...`` did.

    Attributes
    ----------
    argv : list of str
    exit_code : int or None
        None when the run raised (``exception`` says what) or timed out.
    stdout, stderr : str
    warnings : list of str
        Python warnings raised during the run (``Category: message``), which a real run prints
        on stderr. Deprecation warnings are left out: Python hides them outside ``__main__``.
    exception : str or None
        ``Type: message`` of an exception that escaped ``main()`` (a traceback for a user).
    seconds : float
    """

    argv: list[str]
    exit_code: int | None
    stdout: str
    stderr: str
    warnings: list[str] = field(default_factory=list)
    exception: str | None = None
    seconds: float = 0.0
    trace: str = ""

    def problem(self) -> str | None:
        """Why this run is not clean, or None.

        Clean means: exit 0 with nothing on stderr, or exit 2 with one plain line on stderr,
        and no Python warning either way. A traceback, a timeout, the last-resort "internal
        error" line of ``main()``, any other exit status, a multi-line or empty message: not clean.
        """
        if self.exception is not None:
            return f"traceback: {self.exception}"
        if self.warnings:
            return f"warning: {self.warnings[0]}"
        if self.exit_code == 0:
            if self.stderr:
                return f"stderr on success: {self.stderr[:200]!r}"
            found = impossible_values(self.stdout)
            return f"impossible value: {found[0]}" if found else None
        if self.exit_code != 2:
            return f"exit status {self.exit_code}"
        lines = self.stderr.rstrip("\n").split("\n")
        if len(lines) != 1 or not lines[0].strip():
            return f"not one line on stderr: {self.stderr[:300]!r}"
        if "internal error" in lines[0] or "Traceback" in lines[0]:
            return f"internal error: {lines[0][:300]}"
        return None


#: JSON keys whose numbers must be probabilities, counts, or not negative.
PROBABILITIES = {"p", "p_holm", "p_bh", "p_lower", "p_upper", "monte_carlo_p", "g_p",
                 "cramers_v", "pct_at_max"}
COUNTS = {"n", "n_used", "n_total", "n_a", "n_b", "a_with", "a_without", "b_with", "b_without",
          "n_usable", "n_usable_rows"}
NOT_NEGATIVE = {"sd", "se", "odds_ratio", "statistic", "f", "h", "df", "df1", "df2",
                "min_expected", "bayes_factor_10"}


def impossible_values(text: str) -> list[str]:
    """Numbers in a JSON report that cannot be (issue 9): a p-value or Cramér's V outside
    [0, 1], a negative or fractional count, a negative SD or odds ratio, a CI whose low end is
    above its high end, a float that is neither finite, null nor "Infinity"/"-Infinity"."""
    import json
    import math

    try:
        data = json.loads(text)
    except ValueError:
        return []  # not the JSON report (text or a document format)
    found: list[str] = []

    def number(value):
        if value in ("Infinity", "-Infinity"):
            return math.inf if value == "Infinity" else -math.inf
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None

    def walk(value, key: str, path: str) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, str(k), f"{path}.{k}")
            if key == "counts" or key == "clients":
                for k, v in value.items():
                    check_count(v, f"{path}.{k}")
            return
        if isinstance(value, list):
            if key == "ci" and len(value) == 2:
                low, high = (number(v) for v in value)
                if low is not None and high is not None and low > high + 1e-12:
                    found.append(f"{path} = {value}")
            for i, v in enumerate(value):
                walk(v, key, f"{path}[{i}]")
            return
        x = number(value)
        if x is None:
            return
        if key in PROBABILITIES and x == x and not 0 <= x <= (100 if key == "pct_at_max" else 1):
            found.append(f"{path} = {value}")
        elif key in COUNTS:
            check_count(value, path)
        elif key in NOT_NEGATIVE and x < 0:
            found.append(f"{path} = {value}")

    def check_count(value, path: str) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                check_count(v, f"{path}.{k}")
        elif not (isinstance(value, int) and value >= 0):
            found.append(f"{path} = {value}")

    walk(data, "", "$")
    return found


class CliTimeout(BaseException):
    """Raised inside a run that took too long (a BaseException, so ``main()`` cannot catch it)."""


def run_cli(argv: list[str], *, timeout: float | None = None) -> CliRun:
    """Run ``analysis.__main__.main(argv)`` in this process, capturing what a user would see."""
    import signal
    import time
    import traceback
    import warnings

    from analysis.__main__ import main

    out, err = io.StringIO(), io.StringIO()
    exit_code, exception, trace = None, None, ""

    def alarm(signum, frame):
        raise CliTimeout

    previous = signal.signal(signal.SIGALRM, alarm) if timeout else None
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            if timeout:
                signal.setitimer(signal.ITIMER_REAL, timeout)
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                exit_code = main(argv)
        except SystemExit as exc:  # argparse's own errors
            exit_code = exc.code if isinstance(exc.code, int) else 1
        except CliTimeout:
            exception = f"timeout: over {timeout:g} s"
        except Exception as exc:  # noqa: BLE001 - exactly what the fuzz run looks for
            exception = f"{type(exc).__name__}: {str(exc)[:300]}"
            trace = traceback.format_exc()
        finally:
            if timeout:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
    shown = [f"{w.category.__name__}: {str(w.message)[:200]} ({Path(w.filename).name}:{w.lineno})"
             for w in caught
             if not issubclass(w.category, (DeprecationWarning, PendingDeprecationWarning))]
    return CliRun(list(argv), exit_code, out.getvalue(), err.getvalue(), shown, exception,
                  time.perf_counter() - start, trace)


def run(argv: list) -> tuple[int, str, str]:
    """``main(argv)`` in this process: its exit status, standard output and standard error."""
    from analysis.__main__ import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def assert_same(a, b, path: str = "report") -> None:
    """Equal JSON values: the same keys in the same order, the same strings and integers,
    floats within 1e-9 (relative, or absolute near 0)."""
    if isinstance(a, dict):
        assert isinstance(b, dict) and list(a) == list(b), f"{path}: keys {list(a)} {list(b)}"
        for key in a:
            assert_same(a[key], b[key], f"{path}.{key}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), f"{path}: {a} != {b}"
        for i, (x, y) in enumerate(zip(a, b)):
            assert_same(x, y, f"{path}[{i}]")
    elif isinstance(a, float) and isinstance(b, float):
        assert (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-9, abs=1e-9), \
            f"{path}: {a} != {b}"
    else:
        assert type(a) is type(b) and a == b, f"{path}: {a!r} != {b!r}"
