"""Command line: ``python -m analysis validate|report FILE ...`` and ``python -m analysis plan``.

Invalid input exits with status 2 and one plain message on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import signal
import sys
import threading
from pathlib import Path

from analysis import options
from analysis.data.dataset import Preparation, prepare_dataset
from analysis.data.engine import DUCKDB_FROM_MB, ENGINES, choose_engine
from analysis.data.loading import read_bytes, read_table
from analysis.data.roles import ColumnRoles
from analysis.data.validation import printable
from analysis.data.wide import parse_wide_modes, reshape_wide, table_roles
from analysis.errors import DataError
from analysis.options import ALPHA, PROBLEM_SEPARATORS

EXIT_INVALID = 2
#: Rows read to detect the column roles before reading the columns a report needs.
PEEK_ROWS = 2000
#: The roles the statistics report uses (JSON and text).
REPORT_ROLES = ("mode", "outcome", "problem", "count")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own errors exit 2 as well
        self.exit(EXIT_INVALID, f"{self.prog}: {message}\n")


def _range(text: str) -> tuple[float, float]:
    try:
        lo, hi = (float(v) for v in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError("expected LOW,HIGH, e.g. 8,32") from None
    if not lo < hi:
        raise argparse.ArgumentTypeError("LOW must be below HIGH")
    return lo, hi


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("expected a number") from None
    if not value > 0:
        raise argparse.ArgumentTypeError("must be above 0")
    return value


def _nonnegative(text: str) -> float:
    value = _number(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _probability(text: str) -> float:
    value = _positive(text)
    if not value < 1:
        raise argparse.ArgumentTypeError("must be between 0 and 1")
    return value


def _sizes(text: str) -> tuple[int, ...]:
    try:
        values = tuple(float(v) for v in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError("expected whole numbers, e.g. 40,60 (t-test) or 500 "
                                         "(chi-square)") from None
    if not all(v == v and abs(v) != float("inf") and v.is_integer() for v in values):
        raise argparse.ArgumentTypeError("expected whole numbers, e.g. 40,60") from None
    return tuple(int(v) for v in values)


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("expected a number") from None
    if value != value or abs(value) == float("inf"):
        raise argparse.ArgumentTypeError("expected a finite number")
    return value


def _whole(text: str) -> int:
    value = _number(text)
    if not value.is_integer() or value < 1:
        raise argparse.ArgumentTypeError("expected a whole number of at least 1")
    return int(value)


def _data_arguments(parser: argparse.ArgumentParser, *, table: bool = False) -> None:
    parser.add_argument("data_file", nargs="?" if table else None,
                        help="CSV, TSV, TXT, Excel (.xlsx), Parquet, SPSS (.sav), Stata (.dta) "
                             "or SAS (.sas7bdat) file" + (" (or --connection and --table)"
                                                          if table else ""))
    if table:
        parser.add_argument("--connection", metavar="URL|NAME",
                            help="analyse a database table where it is instead of a file: a URL "
                                 "(postgres://user@host/db, duckdb:///file.duckdb, spark:local[2], "
                                 "spark://host:7077) or the name of a [connections.NAME] entry "
                                 "with a url in .streamlit/secrets.toml (keeps passwords off "
                                 "the command line); needs --table")
        parser.add_argument("--table", metavar="NAME", help="the table (or view) to analyse")
    parser.add_argument("--sheet", help="Excel sheet to read (default: the sheet whose column "
                                        "names name the most roles)")
    parser.add_argument("--header-row", type=_whole, metavar="N",
                        help="row holding the column names, counted as Excel counts rows (text "
                             "and Excel files; default: detected below any title rows)")
    parser.add_argument("--wide-modes", metavar="COL=MODE,...",
                        help="reshape columns of counts, one per delivery mode, to one row per "
                             "mode (e.g. f2f_count=face-to-face,online_count=online)")
    for role in ("mode", "outcome", "problem", "count"):
        parser.add_argument(f"--{role}-col", help=f"column holding the {role} (default: detected)")
    parser.add_argument("--problem-sep", default="auto",
                        help="separator of multi-label problems: auto, none or one of "
                             + " ".join(PROBLEM_SEPARATORS))
    parser.add_argument("--outcome-range", type=_range, metavar="LOW,HIGH",
                        help="valid outcome range; values outside are reported")
    from analysis.data.units import UNITS

    parser.add_argument("--unit", choices=tuple(UNITS),
                        help="what a row (or one count) stands for (default: guessed from the "
                             "column names, else clients)")


#: The limits a file must keep (analysis/options.py), said where they are enforced too.
LIMITS = f"""limits (each exceeded one exits 2 naming the limit and how to get under it):
  a file of at most {options.MAX_FILE_MB} MB (any size for report --engine duckdb); lines of
  at most {options.MAX_LINE_CHARS:,} characters;
  at most {options.MAX_COLUMNS:,} columns and {options.MAX_MODES} delivery modes; counts of at most
  {options.MAX_COUNT:,} per row and {options.MAX_TOTAL_COUNT:,} in all; outcome values under
  {options.MAX_ABS_OUTCOME:,.0f} in size; at most {options.MAX_PROBLEM_TYPES} problem types;
  Excel workbooks of at most {options.MAX_WORKBOOK_UNZIPPED_MB} MB unzipped and sheets of at most
  {options.MAX_SHEET_CELLS:,} cells; a run of at most \
{options.TIME_LIMIT_SECONDS} s (--time-limit)."""


def _adjustment_arguments(parser: argparse.ArgumentParser) -> None:
    """The report's adjusted comparison: covariates, clusters and weights."""
    parser.add_argument("--covariates", metavar="C1,C2",
                        help="JSON report: add the mode effect adjusted for these roles (problem, "
                             "age, gender, site, date, counselor): OLS with HC3 errors, the "
                             "differences within each problem type, and the 'adjusted' block "
                             "(propensity weighting, E-value, non-response, ordinal model)")
    parser.add_argument("--cluster", metavar="ROLE,...",
                        help="JSON report: add to the 'adjusted' block the ICC, design effect and "
                             "the mode effect with CR2 and mixed-model errors for clients alike "
                             "within counselor, site or client_id (repeated episodes)")
    parser.add_argument("--weights", choices=("overlap", "ate"),
                        help="JSON report: the propensity weights of the 'adjusted' block: "
                             "overlap (default) or inverse probability (ate)")


def _extra_arguments(parser: argparse.ArgumentParser) -> None:
    """The report's extra analyses: a yes/no outcome, a category, periods."""
    parser.add_argument("--binary-outcome", metavar="COLUMN",
                        help="add a yes/no outcome by mode (a column with two values, such as "
                             "completed); needs --event")
    parser.add_argument("--event", metavar="LEVEL",
                        help="the value of --binary-outcome counted as the event (dropped out)")
    parser.add_argument("--category-col", metavar="COLUMN",
                        help="add any category by mode (site, gender, a status): table, "
                             "chi-square, Cramér's V, residuals, each level tested")
    parser.add_argument("--periods", metavar="SPEC",
                        help="add periods compared: month, quarter, year or fy (UK financial "
                             "years), optionally with the periods: fy:2023/24,2024/25")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m analysis",
                     description="CounselCompare: validate and analyse counseling data.",
                     epilog=LIMITS, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="print the validation report of a data file")
    _data_arguments(validate)
    validate.add_argument("--format", choices=("text", "json"), default="text")

    report = sub.add_parser("report", help="print the statistics report (JSON by default)")
    _data_arguments(report, table=True)
    report.add_argument("--groups", required=True, metavar="A,B",
                        help="the two modes to compare; differences are A minus B")
    report.add_argument("--margin", type=_positive,
                        help="equivalence margin in outcome units (TOST)")
    report.add_argument("--alpha", type=_probability, default=ALPHA)
    report.add_argument("--format", choices=("json", "text", "html", "markdown", "docx"),
                        default="json", help="json (default), text (APA sentences), or the full "
                        "report as html, markdown or docx (the same report as the Report page)")
    report.add_argument("--output", help="write to this file instead of standard output "
                                         "(required for docx)")
    report.add_argument("--suppress", type=int, metavar="K",
                        help="hide counts under K in the html/markdown/docx report")
    report.add_argument("--engine", choices=ENGINES,
                        help="how the file is read: pandas (every row in memory), or duckdb "
                             "(grouped inside DuckDB: memory grows with the distinct values, "
                             "not the rows; CSV and Parquet; the same report). Default: duckdb "
                             f"for CSV and Parquet files of {DUCKDB_FROM_MB} MB or more")
    _adjustment_arguments(report)
    _extra_arguments(report)

    plan = sub.add_parser(
        "plan", help="print the Planner's power, sample sizes and detectable effects (JSON)",
        description="t-test: --n A,B gives the smallest detectable d (and the power for --d); "
                    "--d alone gives the clients per group (--ratio B/A). Chi-square: --df K "
                    "with --w W gives the clients in all, with --n N the smallest detectable w "
                    "(and, with both, the power).")
    plan.add_argument("--n", type=_sizes, metavar="A,B",
                      help="t-test: the two group sizes; chi-square: the total")
    plan.add_argument("--d", type=_number, help="Cohen's d (t-test)")
    plan.add_argument("--w", type=_positive, help="Cohen's w (chi-square)")
    plan.add_argument("--df", type=_whole, help="chi-square degrees of freedom")
    plan.add_argument("--alpha", type=_probability, default=ALPHA)
    plan.add_argument("--power", type=_probability, default=0.8, help="target power (0.8)")
    plan.add_argument("--ratio", type=_positive, help="t-test with --d: clients in B per client "
                                                      "in A (1)")
    for command in (validate, report, plan):
        command.add_argument("--time-limit", type=_nonnegative, metavar="SECONDS",
                             default=options.TIME_LIMIT_SECONDS,
                             help=f"stop after this many seconds ({options.TIME_LIMIT_SECONDS}; "
                                  "0: no limit)")
    return parser


class _TimeUp(BaseException):
    """Raised by the time limit's alarm (a BaseException: no ``except Exception`` in an
    analysis can swallow it)."""


@contextlib.contextmanager
def _time_limit(seconds: float):
    """Stop the run with ``_TimeUp`` after ``seconds`` (SIGALRM; in the main thread only). A
    timer the caller already runs (a test harness's own limit) is left to stand."""
    if (not seconds or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()
            or signal.getitimer(signal.ITIMER_REAL)[0] > 0):
        yield
        return

    def alarm(signum, frame):
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def load(args: argparse.Namespace, *, only: tuple[str, ...] | None = None,
         also: tuple[str, ...] | None = None):
    """Read the file and prepare it with the detected roles, overridden by ``--*-col``.

    With ``only`` (roles), the roles are detected on the first rows and only their columns are
    read and checked: the statistics report needs no more, and a large file reads faster. The
    engine is ``--engine``'s, else chosen by the file's size (``engine.choose_engine``; pandas
    for ``validate``): DuckDB reads those columns grouped by their values
    (:mod:`analysis.data.engine`), the same data set, whose rows stand for several of the file's.
    A database table (``--connection``) is read the same way (:mod:`analysis.data.database`).

    ``also``: other columns the report reads (``--binary-outcome``, ``--category-col``); with it
    (even empty) the pandas engine reads every column, the grouped engines only these more.
    """
    asked = getattr(args, "engine", "pandas")
    needs_rows = _needs_rows(args) or (None if only else "reading every column")
    if getattr(args, "connection", None) or getattr(args, "table", None):
        return _load_table(args, only, needs_rows, also or ())
    if args.data_file is None:
        raise DataError("Name a data file, or a database table with --connection and --table.",
                        "no_file")
    if choose_engine(args.data_file, asked, needs_rows=needs_rows) == "duckdb":
        return _load_grouped(args, only, also=also or ())
    if also is not None:
        only = None
    data = read_bytes(args.data_file)
    name = Path(args.data_file).name
    wide = parse_wide_modes(args.wide_modes) if args.wide_modes else None
    table = read_table(data, name, sheet=args.sheet, header_row=args.header_row,
                       nrows=PEEK_ROWS if only and not wide else None)
    if wide:
        table = reshape_wide(table, wide)
    roles = _asked_roles(args, table_roles(table), list(table.frame.columns), table.file_name)
    sep = _problem_separator(args)
    if only:
        roles = ColumnRoles(**{r: c for r, c in roles.mapped().items() if r in only})
        columns = list(roles.mapped().values())
        if wide:
            table = dataclasses.replace(table, frame=table.frame[columns])
        elif table.file_format in ("parquet", "excel"):  # read whole already: not read again
            if roles.mode is not None:
                table = dataclasses.replace(table, frame=table.frame[columns])
        else:  # without a mode, every column: the report then says why, as validate does
            table = read_table(data, name, sheet=args.sheet, header_row=args.header_row,
                               columns=columns if roles.mode is not None else None)
    preparation = Preparation(roles, sep, args.outcome_range, unit=args.unit)
    return table, prepare_dataset(table.frame, preparation, first_row=table.first_row)


def _load_table(args: argparse.Namespace, only: tuple[str, ...] | None,
                needs_rows: str | None, also: tuple[str, ...]):
    """:func:`load` from a database table (``--connection``, ``--table``): grouped inside the
    database (:mod:`analysis.data.database`)."""
    from analysis.data import database

    if not (args.connection and args.table) or args.data_file is not None:
        raise DataError("A database table is named by --connection and --table together, "
                        "instead of a data file.", "bad_option")
    ignored = [o for o, v in (("--sheet", args.sheet), ("--header-row", args.header_row),
                              ("--engine", args.engine)) if v is not None]
    if needs_rows or ignored:
        raise DataError(f"{needs_rows or ignored[0]} cannot be used with a database table: the "
                        "report is computed from the table grouped inside the database.",
                        "bad_option")
    url = database.connection_url(args.connection)
    source = database.open_table(database.connect(url), args.table)
    return _load_grouped(args, only, source, also)


def _load_grouped(args: argparse.Namespace, only: tuple[str, ...], source=None,
                  also: tuple[str, ...] = ()):
    """:func:`load` through DuckDB (or a database, ``source``): the roles detected as pandas
    detects them, then only their columns read, one row per distinct combination of values."""
    from analysis.data import engine
    from analysis.data.issues import issue

    if source is None:
        source = engine.open_source(args.data_file, header_row=args.header_row,
                                    peek_rows=PEEK_ROWS)
    roles = _asked_roles(args, source.roles(), source.columns, source.name)
    sep = _problem_separator(args)
    roles = ColumnRoles(**{r: c for r, c in roles.mapped().items() if r in only or c in also})
    if roles.mode is None:  # what the report says of a file without one (pandas reads it all)
        found = (issue("one_column", name=printable(source.columns[0]))
                 if len(source.columns) == 1 else issue("no_mode_column"))
        raise DataError(f"{found.message} {found.action}", found.code)
    columns = list(roles.mapped().values())
    for col in also:
        if col not in source.columns:
            shown = ", ".join(printable(c, 40) for c in source.columns[:30])
            raise DataError(f"{printable(source.name)} has no column '{printable(col)}' (named "
                            f"by --binary-outcome or --category-col). Columns: {shown}.",
                            "no_such_column")
    table, rows = source.group(list(dict.fromkeys(columns + list(also))))
    preparation = Preparation(roles, sep, args.outcome_range, unit=args.unit)
    return table, prepare_dataset(table.frame, preparation, first_row=table.first_row,
                                  rows=rows)


def _asked_roles(args: argparse.Namespace, roles: ColumnRoles, columns: list[str],
                 file_name: str) -> ColumnRoles:
    """The detected ``roles`` with the columns named by ``--mode-col``, ``--outcome-col``, ...
    (checked against ``columns``) in their place."""
    changes = {}
    for role in ("mode", "outcome", "problem", "count"):
        col = getattr(args, f"{role}_col")
        if col is None:
            continue
        if col not in columns:
            shown = ", ".join(printable(c, 40) for c in columns[:20])
            more = f" and {len(columns) - 20:,} more" if len(columns) > 20 else ""
            raise DataError(f"--{role}-col: {printable(file_name)} has no column "
                            f"'{printable(col)}'. Its columns: {shown}{more}.", "no_such_column")
        changes.update({r: None for r, c in roles.to_dict().items() if c == col})
        changes[role] = col
    return roles.replace(**changes)


def _problem_separator(args: argparse.Namespace) -> str | None:
    """``--problem-sep`` as ``Preparation.problem_sep`` takes it."""
    sep = {"auto": "auto", "none": None}.get(args.problem_sep, args.problem_sep)
    if sep not in ("auto", None, *PROBLEM_SEPARATORS):
        raise DataError("--problem-sep must be auto, none or one of "
                        f"{' '.join(PROBLEM_SEPARATORS)}.", "bad_option")
    return sep


def run_validate(args: argparse.Namespace) -> int:
    table, dataset = load(args)
    report = dataset.validation
    scale = dataset.outcome_scale
    usable = dataset.usable
    if args.format == "json":
        print(json.dumps({"file": table.to_dict(), "roles": dataset.roles.to_dict(),
                          "mode_mapping": dataset.mode_mapping.to_dict(orient="records"),
                          "unit": dataset.unit, "unit_origin": dataset.unit_info.origin,
                          "n_usable": dataset.n_usable, "n_usable_rows": dataset.n_usable_rows,
                          "left_out": [{"reason": r, "rows": n, dataset.unit: u}
                                       for r, n, u in usable.dropped],
                          "outcome_scale": None if scale is None else {
                              "low": scale.low, "high": scale.high, "source": scale.source,
                              "origin": scale.origin},
                          **report.to_dict(),
                          **({"reading": table.reading()} if table.reading() else {})},
                         indent=2, default=str))
    else:
        print(printable(table.describe(), 500))
        if table.variable_labels:
            print("Variable labels: " + "; ".join(
                f"{printable(c, 40)} = {printable(label, 80)}"
                for c, label in table.variable_labels.items()))
        print("Columns: " + ", ".join(f"{role}={printable(col)}"
                                      for role, col in dataset.roles.mapped().items()))
        print(f"Unit: {dataset.unit} ({dataset.unit_info.origin}). "
              + usable.text(dataset.unit).replace("N = ", "Usable: ", 1))
        if scale is not None:
            print(f"Outcome scale: {scale.low:g}-{scale.high:g} ({scale.origin})")
        print(report.to_text())
    if report.ok:
        return 0
    errors = report.errors
    more = f" (and {len(errors) - 1} more error(s), listed above)" if len(errors) > 1 else ""
    print(f"error: {printable(errors[0].message, 300)}{more}", file=sys.stderr)
    return EXIT_INVALID


def run_report(args: argparse.Namespace) -> int:
    from analysis.adjusted import CLUSTER_ROLES
    from analysis.covariates import COVARIATE_ROLES
    from analysis.json_report import Extras, build_report, report_json
    from analysis.results import json_ready

    documents = args.format in ("html", "markdown", "docx")
    covariates = cluster = None
    if args.covariates is not None:
        covariates = [c.strip() for c in args.covariates.split(",") if c.strip()]
    if args.cluster is not None:
        cluster = tuple(c.strip().lower() for c in args.cluster.split(",") if c.strip())
    adjusting = args.cluster is not None or args.weights is not None or covariates is not None
    extra = tuple(c.lower() for c in covariates or (COVARIATE_ROLES if adjusting else ())
                  if c.lower() in COVARIATE_ROLES) + tuple(c for c in cluster or ()
                                                            if c in CLUSTER_ROLES)
    extras = Extras(args.binary_outcome, args.event, args.category_col, args.periods, cluster,
                    args.weights)
    asked = (args.binary_outcome, args.event, args.category_col, args.periods)
    also = None
    if asked != (None,) * 4:  # other columns: read them all, or (grouped) these
        also = tuple(c for c in (args.binary_outcome, args.category_col) if c)
        extra += ("date",) if args.periods else ()
    table, dataset = load(args, only=None if documents else REPORT_ROLES + extra, also=also)
    labels = [g.strip() for g in args.groups.split(",")]
    if args.format == "docx" and not args.output:
        raise DataError("--format docx needs --output FILE.docx.", "bad_option")
    if documents:
        output = report_document(args, table, dataset, labels, covariates, cluster)
    else:
        report = build_report(dataset, labels, margin=args.margin, alpha=args.alpha,
                              covariates=covariates, extras=extras)
        if args.format == "json":
            output = json.dumps(json_ready(report_json(report)), indent=2, allow_nan=False)
        else:
            output = "\n".join(report_text(report))
    if args.output:
        mode = "wb" if isinstance(output, bytes) else "w"
        with open(args.output, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as out:
            out.write(output)
    else:
        print(output)
    return 0


def report_document(args: argparse.Namespace, table, dataset, labels: list[str],
                    covariates: list[str] | None, cluster: tuple[str, ...] | None):
    """The Report page's document (``--format html|markdown|docx``): str, or bytes for docx.
    With any of --covariates/--cluster/--weights its adjusted chapter is the JSON block's
    analysis (no --cluster: no clustering); without them, the page's defaults."""
    from analysis.json_report import cluster_roles, frame_column, resolve_covariates, resolve_groups
    from reports import document  # the document formats live on top, in reports/

    adjusting = covariates is not None or cluster is not None or args.weights is not None
    doc = document.build_document(
        dataset, dataset.frame, table.to_dict(), sections=list(document.SECTIONS),
        groups=resolve_groups(dataset, labels), margin=args.margin, threshold=args.suppress,
        yes_no=None if args.binary_outcome is None else ((
            frame_column(dataset, args.binary_outcome, "--binary-outcome"), args.event),),
        categories=None if args.category_col is None else (
            frame_column(dataset, args.category_col, "--category-col"),),
        period_spec=args.periods or "fy",
        covariates=None if covariates is None else resolve_covariates(dataset, covariates),
        clusters=None if not adjusting else cluster_roles(dataset, cluster or ()),
        estimand=args.weights or "overlap")
    return {"html": document.to_html, "markdown": document.to_markdown,
            "docx": document.to_docx}[args.format](doc)


def _needs_rows(args: argparse.Namespace) -> str | None:
    """The first option asked for that needs the file's rows themselves (the pandas engine):
    every other analysis is computed from rows grouped by the values of the columns it reads."""
    if getattr(args, "wide_modes", None) is not None:
        return "--wide-modes"
    if getattr(args, "command", None) == "report" and args.format in ("html", "markdown", "docx"):
        return f"--format {args.format}"
    return None


def report_text(report) -> list[str]:
    """The report as APA sentences (``--format text``)."""
    from analysis import apa
    from analysis.covariates import COVARIATE_NAMES

    lines = []
    if report.outcome is not None:
        lines += apa.outcome_sentences(report.outcome, report.outcome_label)
    if report.omnibus is not None:
        lines += apa.omnibus_sentences(report.omnibus)
    if report.problems is not None:
        lines += apa.problem_sentences(report.problems)
    if report.binary_outcome is not None and report.binary_outcome.comparison is not None:
        lines += apa.binary_sentences(report.binary_outcome)
    if report.category is not None:
        lines += apa.category_sentences(report.category)
    if report.periods is not None:
        lines += apa.period_sentences(report.periods)
    if report.adjusted is not None:
        ols = report.adjusted
        names = [COVARIATE_NAMES.get(c, c) for c in ols.covariates]
        lines.append(apa.adjustment_reading(*ols.groups, ols.unadjusted.estimate,
                                            ols.adjusted.estimate, names)
                     + f" (OLS with HC3 errors: {ols.formula})")
    if report.adjusted_analysis is not None:
        lines += apa.adjusted_report_lines(report.adjusted_analysis, unit=report.unit)
    lines += [f"Not available ({what}): {why}" for what, why in report.not_available]
    return lines


def run_plan(args: argparse.Namespace) -> int:
    from analysis.results import json_ready
    from analysis.stats.power import plan

    result = plan(n=args.n, d=args.d, w=args.w, df=args.df, alpha=args.alpha, power=args.power,
                  ratio=args.ratio)
    print(json.dumps(json_ready(result), indent=2, allow_nan=False))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 done, 2 invalid input, 3 a bug of ours)."""
    args = build_parser().parse_args(argv)
    try:
        with _time_limit(args.time_limit):
            return {"validate": run_validate, "report": run_report,
                    "plan": run_plan}[args.command](args)
    except _TimeUp:
        print(f"error: {args.command} took longer than {args.time_limit:g} s, the time limit. "
              "Analyse a subset (a period, a site), keep only the columns you need, save an "
              "Excel file as CSV, or raise the limit with --time-limit.", file=sys.stderr)
        return EXIT_INVALID
    except DataError as exc:
        print(f"error: {printable(exc.message, 500)}", file=sys.stderr)
        return EXIT_INVALID
    except BrokenPipeError:  # the reader (e.g. `| head`) stopped early: not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - last resort: a bug of ours, never a traceback
        if os.environ.get("COUNSELCOMPARE_DEBUG"):
            raise
        data_file = getattr(args, "data_file", None)
        on = f" on {printable(Path(data_file).name)}" if data_file else ""
        print(f"error: internal error ({type(exc).__name__}) while running {args.command}{on}; "
              "please report it with the file's layout (not its data).", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
