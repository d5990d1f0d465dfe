"""Problem types by delivery mode: single- and multi-label tables, weights honoured."""

import pytest

from analysis.problems import problem_table
from tests.helpers import MESSY, dataset_from_bytes


def test_problem_table_single_and_multi_label():
    dataset = dataset_from_bytes(MESSY)
    table = problem_table(dataset.frame, sep=dataset.problem_sep)
    assert table.counts.loc["family"].to_dict() == {"face-to-face": 2, "online": 1}
    assert table.exclusions.dropped == (("mode missing", 1, 1), ("problem missing", 1, 1))
    multi = dataset_from_bytes("mode,presenting_problems\nonline,anxiety; work\nF2F,work\n"
                               "online,anxiety\n")
    assert multi.problem_sep == ";"
    table = problem_table(multi.frame, sep=multi.problem_sep)
    assert table.multi_label
    assert table.counts.loc["anxiety"].to_dict() == {"online": 2, "face-to-face": 0}
    assert table.percent_of_mode().loc["work", "online"] == pytest.approx(50)
    assert table.top(1) == {"online": [("anxiety", 2, 100.0)], "face-to-face": [("work", 1, 100.0)]}


def test_counts_weight_problem_tables():
    dataset = dataset_from_bytes("mode,problem,count\nonline,anxiety,10\nF2F,anxiety,4\n"
                                 "F2F,family,6\n")
    table = problem_table(dataset.frame, sep=None)
    assert table.counts.loc["anxiety"].to_dict() == {"online": 10, "face-to-face": 4}
    assert table.clients.to_dict() == {"online": 10, "face-to-face": 10}
