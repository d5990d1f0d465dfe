"""Monthly clients and mean outcome per delivery mode."""

import numpy as np
import pytest

from analysis.errors import DataError
from analysis.trends import monthly
from tests.helpers import dataset_from_bytes

CSV = ("date,delivery_mode,satisfaction,count\n"
       "2024-01-05,online,4,1\n2024-01-20,online,2,1\n2024-01-07,F2F,5,2\n"
       "2024-02-01,online,,3\n2024-02-11,F2F,3,1\n,online,4,1\n")


def test_one_row_per_month_and_mode_with_weights_honoured():
    table, exclusions = monthly(dataset_from_bytes(CSV).frame)
    rows = {(str(r.month.date()), r.mode): r for r in table.itertuples()}
    january = rows[("2024-01-01", "online")]
    assert (january.clients, january.n, january.mean) == (2, 2, 3.0)
    # t interval of (4, 2): mean 3, sd 1.414, R: t.test(c(4, 2))$conf.int
    assert (january.ci_low, january.ci_high) == pytest.approx((-9.706205, 15.706205), abs=1e-6)
    f2f = rows[("2024-01-01", "face-to-face")]
    assert (f2f.clients, f2f.n, f2f.mean) == (2, 2, 5.0) and f2f.ci_low == 5.0
    february = rows[("2024-02-01", "online")]
    assert (february.clients, february.n) == (3, 0) and np.isnan(february.mean)
    assert exclusions.dropped == (("date missing", 1, 1),)


def test_the_ci_is_clipped_to_the_scale():
    table, _ = monthly(dataset_from_bytes(CSV).frame, scale=(1, 5))
    january = table[(table["mode"] == "online")].iloc[0]
    assert (january.ci_low, january.ci_high) == (1, 5)


def test_no_date_column_is_a_plain_error():
    frame = dataset_from_bytes(CSV).frame.drop(columns="date")
    with pytest.raises(DataError) as error:
        monthly(frame)
    assert error.value.code == "no_such_column"
