"""Report: choose the sections, build one report, download it as HTML, Markdown or Word."""

import streamlit as st

from analysis import apa
from reports import document
from ui import analyses, state
from ui.widgets import pick_groups, plain, require_view

st.title("Report")
st.markdown("One document with everything a reader needs: the data's provenance, each section's "
            "tables and charts, APA-style sentences, the methods and the caveat that the "
            "comparison is observational. The HTML version keeps the interactive charts, works "
            "offline and prints cleanly to PDF from the browser (a section per page).")
view = require_view()
dataset = view.dataset
available = [k for k in document.SECTIONS if k != "trends" or dataset.has["date"]]
sections = st.multiselect("Sections", available, default=available, key="report_sections",
                          format_func=document.SECTIONS.get)
c1, c2, c3 = st.columns(3)
a, b = pick_groups((c1, c2), dataset.modes, analyses.default_groups(dataset.modes), "rep")
default_margin = 1.0
if dataset.has["outcome"] and not dataset.validation.blocking("outcome analyses"):
    summary = analyses.outcome_summary(view)
    default_margin = apa.default_margin(dataset.scale, max((g.sd for g in summary.groups
                                                            if g.n > 1), default=1.0))
margin = c3.number_input("Equivalence margin (± points)", min_value=0.01, value=default_margin,
                         step=0.1, key=state.widget_key("rep_margin"))
if view.suppress:
    st.caption(f"Small-cell suppression is on: counts under {view.suppress} are hidden in the "
               "report too.")
if not sections:
    st.warning("Choose at least one section.")
    st.stop()

if st.button("Build the report", type="primary", icon=":material/description:", key="report_build"):
    doc = document.build_document(dataset, view.frame, view.table.to_dict(), sections=sections,
                                  groups=(a, b), margin=margin, threshold=view.suppress,
                                  filters=view.filters)
    st.session_state["report_files"] = {
        "key": (view.key, tuple(sections), a, b, margin, view.suppress),
        "html": document.to_html(doc).encode("utf-8"),
        "md": document.to_markdown(doc).encode("utf-8"),
        "docx": document.to_docx(doc),
        "created": doc.created,
    }
files = st.session_state.get("report_files")
if files:
    if files["key"] != (view.key, tuple(sections), a, b, margin, view.suppress):
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
