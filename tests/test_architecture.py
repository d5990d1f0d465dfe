"""The arrows point one way: analysis/ imports no streamlit or plotly; reports/ no streamlit."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         check=True).stdout
    return {name.split(".")[0] for name in out.split()}


def every_module(package: str) -> str:
    """An import statement for every module of ``package`` (its sub-packages too)."""
    names = sorted(".".join(path.relative_to(ROOT).with_suffix("").parts)
                   for path in (ROOT / package).rglob("*.py"))
    return "import " + ", ".join(n.removesuffix(".__init__") for n in names)


def test_analysis_is_pure():
    modules = imported_after(every_module("analysis"))
    assert not modules & {"streamlit", "plotly", "ui", "reports", "app_pages"}


def test_analysis_does_not_import_statsmodels_at_start():
    assert "statsmodels" not in imported_after("import analysis.__main__")


def test_reports_do_not_import_streamlit():
    modules = imported_after(every_module("reports"))
    assert not modules & {"streamlit", "ui", "app_pages"}


def test_privacy_settings():
    config = (ROOT / ".streamlit" / "config.toml").read_text()
    assert "gatherUsageStats = false" in config
    from analysis.options import MAX_UPLOAD_MB

    assert f"maxUploadSize = {MAX_UPLOAD_MB}" in config
