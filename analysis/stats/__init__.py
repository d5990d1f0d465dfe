"""Array-level statistics, one module per family (as in pingouin): t-tests, rank tests,
effect sizes, count tables, more than two groups, assumptions, Bayes factors, multiplicity,
power, weighted building blocks and small-count protection. Each takes arrays (values and
frequency weights, or a count table) and returns a small frozen result; none knows about files,
column roles or pages.
"""
