"""The arrows point one way: analysis/ imports no streamlit or plotly; reports/ no streamlit;
inside analysis/, stats/ uses only the foundations, data/ the foundations and stats/, and only
the analyses at the top use everything."""

import ast
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


FOUNDATIONS = {"analysis.errors", "analysis.options", "analysis.results", "analysis.formats"}


def analysis_imports(path: Path) -> set[str]:
    """The analysis modules a file imports directly (``from analysis.x import y``,
    ``import analysis.x``, ``from analysis import x``)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("analysis"):
            base = node.module
            found |= ({f"{base}.{a.name}" for a in node.names} if base in
                      ("analysis", "analysis.data", "analysis.stats") else {base})
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("analysis")}
    return found


def test_the_layers_of_analysis_point_one_way():
    for path in sorted((ROOT / "analysis").rglob("*.py")):
        layer = path.parent.name
        for module in analysis_imports(path):
            if layer == "stats":
                assert module in FOUNDATIONS or module.startswith("analysis.stats."), (path, module)
            elif layer == "data":
                assert module in FOUNDATIONS or module.startswith(
                    ("analysis.stats.", "analysis.data.")), (path, module)


def test_the_layers_are_where_the_readme_says():
    assert {p.stem for p in (ROOT / "analysis" / "stats").glob("*.py")} >= {
        "ttests", "ranks", "effect_sizes", "contingency", "anova", "power", "weighted"}
    assert {p.stem for p in (ROOT / "analysis" / "data").glob("*.py")} >= {
        "loading", "parsing", "roles", "modes", "scales", "validation", "dataset"}
    assert analysis_imports(ROOT / "analysis" / "stats" / "ttests.py") >= {
        "analysis.stats.weighted", "analysis.options"}


#: The longest a function of analysis/ may be, in lines of code (its docstring not counted).
MAX_FUNCTION_LINES = 60


def code_lines(node: ast.FunctionDef) -> int:
    """Lines of ``node`` without its docstring."""
    lines = node.end_lineno - node.lineno + 1
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        lines -= body[0].end_lineno - body[0].lineno + 1
    return lines


def test_functions_of_analysis_are_short():
    long = [f"{path.relative_to(ROOT)}:{node.name} ({code_lines(node)} lines)"
            for path in sorted((ROOT / "analysis").rglob("*.py"))
            for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and code_lines(node) > MAX_FUNCTION_LINES]
    assert not long, long
