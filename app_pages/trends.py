"""Trends: clients and mean outcome per month and mode (when the data have dates)."""

import streamlit as st

from analysis.suppression import hide_small_months
from reports import charts
from ui import analyses
from ui.widgets import chart, exclusions_note, require_view, result_table

st.title("Trends")
view = require_view()
if not view.dataset.has["date"]:
    st.info("The data have no date column, so there is nothing to show over time. Map one on the "
            "Data page.")
    st.stop()
table, exclusions = analyses.monthly(view)
threshold = view.suppress
if threshold:
    table = hide_small_months(table, threshold)
chart(charts.trend_chart(table, value="clients", title="Clients per month", y_title="clients"),
      key="trend_clients", name="clients_per_month")
if view.dataset.has["outcome"] and table["mean"].notna().any():
    chart(charts.trend_chart(table, value="mean",
                             title=f"{view.dataset.outcome_label}: monthly mean with 95% CI",
                             y_title=view.dataset.outcome_label),
          key="trend_means", name="monthly_means")
exclusions_note(exclusions)
if threshold:
    st.caption(f"Months with fewer than {threshold} clients in a mode are not drawn.")
shown = table.assign(month=table["month"].dt.strftime("%Y-%m"))
result_table(shown.round(3), name="monthly", key="trend_table")
