"""Reading and preparing data: files into tables (``loading``), cells into numbers and dates
(``parsing``), column roles (``roles``), mode labels (``modes``), scale scores (``scales``), the
validation report (``validation``), the unit a row stands for (``units``), and the clean data
set every analysis uses (``dataset.prepare_dataset``), with the rows each analysis can use
(``exclusions``) and each group's weighted sample (``group_samples``); ``bundled`` holds the
sample data sets.

Modules here use the foundations (``analysis.errors``, ``options``, ``results``) and the
array-level building blocks of ``analysis.stats`` (a scale's alpha), never the analyses.
"""
