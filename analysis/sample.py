"""The bundled sample data sets (sample_data/), shared by the dashboard, the tests and the docs."""

from __future__ import annotations

from pathlib import Path

from analysis.dataset import Dataset, Preparation, prepare_dataset
from analysis.loading import LoadedTable, read_path
from analysis.roles import detect_roles

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_data"
#: name -> (file, the outcome's valid range)
SAMPLES = {
    "counseling_episodes": ("counseling_episodes.csv", (8.0, 32.0)),
    "messy_export": ("messy_export.csv", None),
}
DEFAULT_SAMPLE = "counseling_episodes"


def sample_path(name: str = DEFAULT_SAMPLE) -> Path:
    """Path of a bundled file (``counseling_episodes`` or ``messy_export``)."""
    return SAMPLE_DIR / SAMPLES[name][0]


def sample_preparation(name: str, table: LoadedTable) -> Preparation:
    """Detected column roles, plus the valid outcome range the data dictionary states."""
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
    """
    table = read_path(sample_path(name))
    return prepare_dataset(table.frame, sample_preparation(name, table), first_row=table.first_row)
