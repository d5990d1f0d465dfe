"""Array-level statistics, one module per family (as in pingouin): t-tests, rank tests,
effect sizes, count tables, more than two groups, assumptions, Bayes factors, multiplicity,
power, weighted building blocks and small-count protection. Each takes arrays (values and
frequency weights, or a count table) and returns a small frozen result; none knows about files,
column roles or pages.

One contract for every statistic:

- Keyword arguments in one vocabulary: ``alternative``, ``confidence_level``, ``alpha`` and the
  other options are keyword-only (but ``p_adjust(p, method)``, as R's ``p.adjust``).
  ``alternative`` is scipy.stats' "two-sided" (default), "less" or "greater", about A minus B
  (the two-sample tests: ``welch_t``, ``student_t``, ``mann_whitney`` and the
  ``*_from_moments`` forms); ``confidence_level`` is a proportion in (0, 1); ``alpha`` a
  significance level in (0, 1).
- Weights are frequency weights: one sample takes ``weights``, two samples ``weights_a`` and
  ``weights_b`` (kept rather than a pair ``weights=(wa, wb)``, so that a call reads like the
  sample it weighs), and k samples a list of ``(values, weights)`` pairs.
- A group's summary is a :class:`~analysis.stats.weighted.Moments` (n, mean, var), never six
  positional floats.
- Input is checked by one helper per family (``_validate_two_sample``, ``_validate_rank_samples``,
  ``_validate_groups``, ``_validate_table``, ...) and refused with an
  :class:`analysis.errors.DataError` whose ``code`` is stable: ``not_finite``, ``bad_weights``,
  ``length_mismatch``, ``not_numeric``, ``too_few_values``, ``too_few_groups``,
  ``too_few_levels``, ``bad_counts``, ``unknown_group``, ``bad_alternative``,
  ``bad_confidence_level``, ``bad_alpha``, ``bad_margin``, ``bad_df``, ``bad_u``,
  ``bad_p_value``, ``bad_method``, ``bad_k``, ``bad_argument`` (and power.py's ``bad_power``,
  ``bad_n``, ``bad_effect``, ``bad_ratio``, ``bad_plan``, ``unreachable_power``).
- Results are serialised by :func:`analysis.results.to_plain`; differences are A minus B.
"""
