"""The bundled sample data sets (sample_data/), shared by the dashboard, the tests and the docs."""

from __future__ import annotations

from pathlib import Path

from analysis.data.dataset import Dataset, Preparation, prepare_dataset
from analysis.data.loading import LoadedTable, read_path
from analysis.data.roles import detect_roles

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sample_data"
#: name -> (file, a valid outcome range to declare). None for both: a bundled file is prepared
#: exactly as the same bytes uploaded would be, so its outcome's scale (the CSQ-8 total's 8–32,
#: see sample_data/README.md) is detected from the values, as an upload's is, and both give the
#: same default equivalence margin and verdicts.
SAMPLES = {
    "counseling_episodes": ("counseling_episodes.csv", None),
    "messy_export": ("messy_export.csv", None),
}
DEFAULT_SAMPLE = "counseling_episodes"


def sample_path(name: str = DEFAULT_SAMPLE) -> Path:
    """Path of a bundled file (``counseling_episodes`` or ``messy_export``)."""
    return SAMPLE_DIR / SAMPLES[name][0]


def sample_preparation(name: str, table: LoadedTable) -> Preparation:
    """Detected column roles (plus a declared valid outcome range, if ``SAMPLES`` gives one)."""
    return Preparation(detect_roles(table.frame), outcome_range=SAMPLES[name][1])


def load_sample(name: str = DEFAULT_SAMPLE) -> Dataset:
    """Read and prepare a bundled sample data set.

    Examples
    --------
    >>> ds = load_sample()
    >>> ds.modes
    ['face-to-face', 'online']
    >>> ds.validation.ok
    True
    >>> ds.scale, ds.scale_origin
    ((8, 32), 'detected from the values (9–32 observed; a CSQ-8 total)')
    >>> ds.unit
    'clients'
    """
    table = read_path(sample_path(name))
    return prepare_dataset(table.frame, sample_preparation(name, table), first_row=table.first_row)
