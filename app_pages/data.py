"""Data: upload a file, map its columns, read the validation report, preview and download."""

import dataclasses
import hashlib

import pandas as pd
import streamlit as st

from analysis.data.dataset import ISSUE_COLUMNS
from analysis.data.loading import SUPPORTED_SUFFIXES, SUPPORTED_TEXT
from analysis.data.roles import suggest_item_columns
from analysis.data.scales import ItemScoring
from analysis.data.units import UNITS
from analysis.data.wide import detect_wide_modes, mode_of_name
from analysis.errors import DataError
from analysis.options import MAX_FILE_MB, MAX_UPLOAD_MB, ROLES
from reports.blocks import Column, Table
from reports.sections import data as data_sections
from ui import access, state
from ui.render import csv_download, plain, render, render_table

ROLE_LABELS = {
    "mode": "Delivery mode",
    "outcome": "Outcome (e.g. satisfaction)",
    "problem": "Problem type",
    "count": "Count (clients per row)",
    "date": "Date",
    "site": "Site",
    "counselor": "Counselor",
    "age": "Age",
    "gender": "Gender",
    "channel": "Online channel",
    "client_id": "Client id",
}
SEPARATORS = {
    "auto": "detect (; or |)",
    None: "single label per cell",
    ";": "; (semicolon)",
    "|": "| (pipe)",
    ",": ", (comma)",
}
PREVIEW_ROWS = 500


key = state.widget_key


def preview(frame):
    """Rows as text, as a reader expects them: dates as dates, missing values blank."""
    out = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            text = values.dt.strftime("%Y-%m-%d")
        elif pd.api.types.is_float_dtype(values) and (values.dropna() % 1 == 0).all():
            text = values.astype("Int64").astype("string")  # 32, not 32.0
        else:
            text = values.astype("string")
        out[column] = text.fillna("")
    return out


def _value(name: str):
    """The current value of this file's widget ``name``."""
    return st.session_state.get(key(name))


def _upload_key() -> str:
    """The uploader's key: a new one after a refused file, so the file is dropped from memory."""
    refused = st.session_state.get("uploads_refused", 0)
    return "upload" if refused == 0 else f"upload_{refused}"


def _on_upload() -> None:
    upload = st.session_state.get(_upload_key())
    if upload is None:
        return
    if upload.size > MAX_FILE_MB * 1024 * 1024:
        st.session_state["upload_refused"] = (
            f"{upload.name} ({upload.size / 1024 / 1024:,.0f} MB) was not loaded: the limit is "
            f"{MAX_FILE_MB} MB. Filter or aggregate the export (a count column is accepted) and "
            "upload it again. The data shown are still those you had.")
        st.session_state["uploads_refused"] = st.session_state.get("uploads_refused", 0) + 1
        return
    st.session_state.pop("upload_refused", None)
    st.session_state.pop("layout_error", None)
    data = upload.getvalue()
    state.set_source(state.Source(upload.name, data, hashlib.sha256(data).hexdigest()))


def _on_sheet() -> None:
    source = state.current_source()
    st.session_state.pop("layout_error", None)
    # another sheet has its own header row and columns: both are found again
    state.set_source(dataclasses.replace(source, sheet=st.session_state["sheet"],
                                         header_row=None, wide=None))


def _try_layout(**changes) -> None:
    """Read the file with ``changes`` to how it is read (header row, reshape) and use them, or
    keep the file as it was read and say why they cannot be used."""
    source = dataclasses.replace(state.current_source(), **changes)
    try:
        state.load_table(source)
    except DataError as exc:
        st.session_state["layout_error"] = exc.message
        return
    st.session_state.pop("layout_error", None)
    state.set_source(source)


def _on_header_row() -> None:
    _try_layout(header_row=int(_value("header_row")))


def _on_reshape(columns: list[str]) -> None:
    labels = {col: (_value(f"wide_mode_{col}") or "").strip() for col in columns}
    empty = [col for col, label in labels.items() if not label]
    if empty:
        st.session_state["layout_error"] = f"Name the mode counted in '{empty[0]}'."
        return
    _try_layout(wide=tuple(labels.items()))


def _reset_layout() -> None:
    st.session_state.pop("layout_error", None)
    state.set_source(dataclasses.replace(state.current_source(), header_row=None, wide=None))


def column_label(table):
    """How a column is named in the pickers: with its variable label, when the file has one."""
    labels = table.variable_labels

    def label(column):
        if column is None:
            return "— none —"
        return f"{column} — {labels[column]}" if column in labels else column

    return label


def _update(**changes) -> None:
    prep = st.session_state[state.PREPARATION]
    state.set_preparation(dataclasses.replace(prep, **changes))


def _on_role(role: str) -> None:
    column = _value(f"map_{role}")
    roles = st.session_state[state.PREPARATION].roles
    freed = {r: None for r, c in roles.to_dict().items() if c == column and column is not None}
    _update(roles=roles.replace(**freed, **{role: column}))


def _on_range() -> None:
    on, lo, hi = (_value(f"map_range_{k}") for k in ("on", "lo", "hi"))
    _update(
        outcome_range=(float(lo), float(hi))
        if on and lo is not None and hi is not None and lo < hi
        else None
    )


def _on_database() -> None:
    state.set_source(state.database_source(st.session_state["db_connection"],
                                           st.session_state["db_table"]))


def database_picker(connections: list[str]) -> None:
    """The tables of the databases declared in the secrets (by name: no URL is shown)."""
    st.subheader("A database table")
    st.caption("The table is counted inside the database, grouped by the columns of its roles "
               "(the client id aside): only those counts come to this app, never the rows.")
    left, right = st.columns(2)
    name = left.selectbox("Connection", connections, key="db_connection")
    tables = state.database_tables(name)
    if isinstance(tables, tuple):
        st.error(plain(tables[0]), icon=":material/error:")
        return
    right.selectbox("Table", tables, key="db_table")
    st.button("Use this table", key="db_use", on_click=_on_database, disabled=not tables,
              icon=":material/database:")


st.title("Data")
st.markdown(
    "Use the bundled sample data, or upload your own export. The file stays in this "
    "browser session's memory: it is never saved to disk or sent anywhere."
)
if connections := sorted(access.declared_connections()):
    database_picker(connections)
    st.subheader("A file")
st.file_uploader(
    f"Upload a {SUPPORTED_TEXT} file (up to {MAX_FILE_MB} MB)",
    type=[s.lstrip(".") for s in SUPPORTED_SUFFIXES],
    key=_upload_key(),
    on_change=_on_upload,
    max_upload_size=MAX_UPLOAD_MB,
)
if refused := st.session_state.get("upload_refused"):
    st.error(plain(refused), icon=":material/block:")
source = state.current_source()
if not source.sample:
    st.caption("To go back to the sample data: 'Use the sample data' in the sidebar.")

try:
    table, dataset = state.load_dataset()
except DataError as exc:
    st.error(plain(exc.message), icon=":material/error:")
    if source.header_row or source.wide:
        st.button("Read the file as detected", key="layout_reset", on_click=_reset_layout,
                  icon=":material/undo:")
    st.stop()

st.subheader("How the table was read" if source.database else "How the file was read")
st.text(table.describe())
if layout_error := st.session_state.get("layout_error"):
    st.error(plain(layout_error), icon=":material/error:")
if len(table.sheets) > 1:
    st.selectbox(
        "Sheet",
        table.sheets,
        index=table.sheets.index(table.sheet),
        key="sheet",
        on_change=_on_sheet,
    )
    st.caption(plain(f"Sheet '{table.sheet}': {table.sheet_origin}."))
if table.file_format in ("csv", "excel"):
    st.number_input(
        "Row holding the column names",
        min_value=1,
        value=table.header_row,
        step=1,
        key=key("header_row"),
        on_change=_on_header_row,
        help="Counted as Excel numbers rows. Rows above it (a title, notes) are left out.",
    )
    st.caption(f"Column names in row {table.header_row}: {table.header_origin}.")
if table.variable_labels:
    with st.expander(f"Variable labels ({len(table.variable_labels)})", expanded=False):
        st.dataframe({"column": list(table.variable_labels),
                      "label": list(table.variable_labels.values())}, hide_index=True)
if table.value_labels:
    st.caption(plain("Value labels replace the codes in: " + ", ".join(table.value_labels)
                     + " (columns named like an outcome or a count keep their codes)."))
prep = state.current_preparation(table)

# while small counts are hidden the mapping is locked, as the filters are: two readings of the
# same file that differ by a few clients would give those clients' counts away
locked = bool(st.session_state.get("privacy_on"))
raw = state.load_table(dataclasses.replace(source, wide=None)) if source.wide else table
wide_found = {} if source.wide else detect_wide_modes(raw.frame)
with st.expander("Counts in one column per mode",
                 expanded=bool(source.wide or (wide_found and prep.roles.mode is None))):
    if source.wide:
        st.caption(plain(f"Reshaped: {table.reshaped.describe()}."))
        st.dataframe({"column": [c for c, _ in source.wide],
                      "mode": [m for _, m in source.wide]}, hide_index=True)
        st.button("Undo the reshape", key=key("wide_undo"), on_click=_reset_layout,
                  disabled=locked, icon=":material/undo:")
    else:
        st.caption("A file with one column of counts per delivery mode (such as face-to-face "
                   "and telephone appointments side by side) is reshaped to one row per mode "
                   "with a count column. "
                   + ("These columns look like such counts: check which mode each counts."
                      if wide_found else "Choose the columns of counts, one per mode."))
        chosen = st.multiselect("Columns of counts, one per mode", list(raw.frame.columns),
                                default=list(wide_found), key=key("wide_cols"), disabled=locked)
        for col in chosen:
            st.text_input(f"Mode counted in '{col}'",
                          value=wide_found.get(col) or mode_of_name(col) or "",
                          key=key(f"wide_mode_{col}"), disabled=locked)
        st.button("Reshape to one row per mode", key=key("wide_apply"), on_click=_on_reshape,
                  args=(chosen,), disabled=locked or len(chosen) < 2,
                  icon=":material/table_rows:")

st.subheader("Columns")
st.caption("Each role was guessed from the column names; change any of them.")
columns = [None, *table.frame.columns]
for i, role in enumerate(ROLES):
    if i % 3 == 0:  # a row of three at a time, so a phone stacks them in reading order
        cols = st.columns(3)
    current = getattr(prep.roles, role)
    disabled = role == "outcome" and prep.scoring is not None
    cols[i % 3].selectbox(
        ROLE_LABELS[role],
        columns,
        index=columns.index(current),
        format_func=column_label(table),
        key=key(f"map_{role}"),
        on_change=_on_role,
        args=(role,),
        disabled=disabled or locked,
        help="The outcome is computed from items (below)." if disabled else None,
    )
unit_options = [None, *UNITS]
st.selectbox(
    "Each row (or each count) stands for",
    unit_options,
    index=unit_options.index(prep.unit),
    format_func=lambda u: (f"{dataset.unit} ({dataset.unit_info.origin})" if u is None else u),
    key=key("map_unit"),
    disabled=locked,
    on_change=lambda: _update(unit=_value("map_unit")),
    help="Used in every label: 'N = 1,482 appointments' rather than 'clients' when the rows "
    "count appointments.",
)
with st.expander("Problem labels and the outcome's valid range", expanded=False):
    st.selectbox(
        "Several problems in one cell, separated by",
        list(SEPARATORS),
        index=list(SEPARATORS).index(prep.problem_sep),
        format_func=SEPARATORS.get,
        key=key("map_sep"),
        disabled=locked,
        on_change=lambda: _update(problem_sep=_value("map_sep")),
    )
    lo, hi = prep.outcome_range or (0.0, 0.0)
    st.checkbox(
        "Values outside a valid range are errors",
        value=prep.outcome_range is not None,
        key=key("map_range_on"),
        disabled=locked,
        on_change=_on_range,
    )
    c1, c2 = st.columns(2)
    c1.number_input(
        "Lowest valid value", value=float(lo), key=key("map_range_lo"), on_change=_on_range,
        disabled=locked,
    )
    c2.number_input(
        "Highest valid value", value=float(hi), key=key("map_range_hi"), on_change=_on_range,
        disabled=locked,
    )

with st.expander("Compute the outcome from item columns", expanded=prep.scoring is not None):
    suggested = suggest_item_columns(list(table.frame.columns))
    default_items = list(prep.scoring.items) if prep.scoring else next(iter(suggested.values()), [])
    items = st.multiselect(
        "Items", list(table.frame.columns), default=default_items, key=key("items_cols")
    )
    c1, c2, c3, c4 = st.columns(4)
    method = c1.radio("Score", ["sum", "mean"], key=key("items_method"), horizontal=True)
    item_min = c2.number_input("Item minimum", value=1.0, key=key("items_min"))
    item_max = c3.number_input("Item maximum", value=4.0, key=key("items_max"))
    max_missing = c4.number_input(
        "Missing items allowed", min_value=0, value=0, step=1, key=key("items_missing")
    )
    reverse = st.multiselect("Reverse-keyed items", items, key=key("items_reverse"))
    b1, b2 = st.columns(2)
    if b1.button(
        "Use this score as the outcome", key=key("items_apply"), icon=":material/calculate:",
        disabled=locked,
    ):
        try:
            scoring = ItemScoring(
                tuple(items), method, tuple(reverse), item_min, item_max, int(max_missing)
            )
        except ValueError as exc:
            st.error(str(exc))
        else:
            _update(scoring=scoring)
            st.rerun()
    if prep.scoring is not None:
        st.caption(plain("Outcome = " + prep.scoring.describe()))
        alphas = {m: round(a, 3) for m, a in dataset.alpha_by_mode.items()}
        st.dataframe(
            {"mode": list(alphas), "Cronbach's alpha": list(alphas.values())}, hide_index=True
        )
        if b2.button("Stop using items", key=key("items_clear"), disabled=locked):
            _update(scoring=None)
            st.rerun()

current = state.view()
k = current.suppress if current else None
if k:
    st.info(f"Small counts are hidden (threshold {k}): the validation details, the preview and "
            "the cleaned-data download name exact counts and rows, so they are off. Turn off "
            "'Hide small counts' in the sidebar to prepare the data.", icon=":material/lock:")

st.subheader("Validation report")
report = dataset.validation
if report.ok:
    st.success(
        f"The data can be analysed: {len(report.warnings)} warning(s). Rows with a problem "
        "are left out only of the analyses that need the value, and counted there."
    )
else:
    st.error(f"{len(report.errors)} error(s) block some analyses: see below.")
if report.issues and not k:
    frame = report.to_frame()
    frame = frame.loc[:, (frame != "").any()]  # no empty column
    render_table(Table("validation_report", "Validation report",
                       tuple(Column(c) for c in frame.columns),
                       tuple(tuple(r) for r in frame.itertuples(index=False))),
                 key="data_report")

st.subheader("Delivery modes")
st.caption("How each label in the file was read.")
if current is not None:
    render(data_sections.mapping_section(state.context(current)), k, heading=False)

if not k:
    st.subheader("Cleaned data")
    clean = dataset.frame
    issue_cols = [c for c in ISSUE_COLUMNS if c in clean.columns]
    shown = f"Showing the first {min(PREVIEW_ROWS, len(clean)):,} of {len(clean):,} rows."
    if source.database:
        st.caption(f"One row per distinct combination of values; 'file_rows' is how many of the "
                   f"table's rows it stands for, {', '.join(issue_cols)} say why a value is not "
                   f"used. {shown}")
    else:
        st.caption(f"One row per input row; 'row' is its row number in the file, "
                   f"{', '.join(issue_cols)} say why a value is not used. {shown}")
    st.dataframe(preview(clean.head(PREVIEW_ROWS)), hide_index=True)
    csv_download(clean, "cleaned_data.csv", "Download the cleaned data (CSV)",
                 key="download_clean")
