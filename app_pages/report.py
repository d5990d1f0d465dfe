"""Report: choose the sections, build one report, download it as HTML, Markdown or Word."""

import streamlit as st

from analysis.variables import category_columns
from reports import document
from reports.sections import adjusted, binary, outcome, periods
from ui import state
from ui.render import plain
from ui.widgets import pick_groups, require_context

st.title("Report")
st.markdown("One document with everything a reader needs: the data's provenance, each section's "
            "tables and charts, APA-style sentences, the methods and the caveat that the "
            "comparison is observational. The HTML version keeps the interactive charts, works "
            "offline and prints cleanly to PDF from the browser (a section per page).")
ctx = require_context()
current = state.view()
possible = {"trends": ctx.dataset.has["date"], "periods": ctx.dataset.has["date"],
            "yes_no": bool(binary.columns(ctx)),
            "categories": bool(category_columns(ctx.dataset.frame)),
            "adjusted": bool(adjusted.covariate_choices(ctx)) and ctx.dataset.has["outcome"]}
available = [k for k in document.SECTIONS if possible.get(k, True)]
sections = st.multiselect("Sections", available, default=available, key="report_sections",
                          format_func=document.SECTIONS.get)
c1, c2, c3 = st.columns(3)
shown = outcome.groups(ctx) if ctx.dataset.has["outcome"] else ctx.dataset.modes
pair = pick_groups((c1, c2), shown, outcome.default_pair(ctx) if ctx.dataset.has["outcome"]
                   else None, "rep")
default = outcome.margin(ctx) if ctx.dataset.has["outcome"] else None
margin = c3.number_input("Equivalence margin (± points)", min_value=0.01,
                         value=default.value if default else 1.0, step=0.1,
                         key=state.widget_key("rep_margin"),
                         help=f"Default: {default.text()}" if default else None)
period_spec = "fy"
if "periods" in sections:
    p1, p2 = st.columns([1, 2])
    unit = p1.selectbox("Periods compared", list(periods.UNITS),
                        index=list(periods.UNITS).index("fy"), format_func=periods.UNITS.get,
                        key=state.widget_key("rep_period_unit"))
    present = periods.available(ctx, unit)
    chosen = p2.multiselect("Periods", present, default=present,
                            key=state.widget_key(f"rep_periods_{unit}"),
                            help="Two or more; the report compares them in time order.")
    if len(chosen) >= 2:
        period_spec = f"{unit}:{','.join(p for p in present if p in chosen)}"
    else:
        st.caption("Choose two or more periods; until then the report compares every "
                   "financial year.")
if ctx.k:
    st.caption(f"Small counts are hidden: counts under {ctx.k} are hidden in the report too.")
if not sections:
    st.warning("Choose at least one section.")
    st.stop()

settings = (current.key, tuple(sections), pair, margin, ctx.k, period_spec)
if st.button("Build the report", type="primary", icon=":material/description:", key="report_build"):
    with st.spinner("Building the report…"):
        doc = document.build_document(ctx.dataset, ctx.frame, current.table.to_dict(),
                                      sections=sections, groups=pair, margin=margin,
                                      threshold=ctx.k, filters=ctx.filters,
                                      period_spec=period_spec)
        st.session_state["report_files"] = {
            "key": settings, "created": doc.created,
            "html": document.to_html(doc).encode("utf-8"),
            "md": document.to_markdown(doc).encode("utf-8"),
            "docx": document.to_docx(doc),
        }
files = st.session_state.get("report_files")
if files:
    if files["key"] != settings:
        st.caption("The settings or filters changed since this report was built; build it again "
                   "to include the changes.")
    st.success(plain(f"Report built {files['created']}."))
    c1, c2, c3 = st.columns(3)
    c1.download_button("HTML (charts, prints to PDF)", files["html"], "counselcompare_report.html",
                       "text/html", key="report_html", on_click="ignore",
                       icon=":material/download:")
    c2.download_button("Markdown", files["md"], "counselcompare_report.md", "text/markdown",
                       key="report_md", on_click="ignore", icon=":material/download:")
    c3.download_button("Word (.docx)", files["docx"], "counselcompare_report.docx",
                       "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                       key="report_docx", on_click="ignore", icon=":material/download:")
