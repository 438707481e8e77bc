"""Building whole packages: the 安阳 2023 example and generated packages of 10, 100 and 1,000 projects.

Prints, per package: seconds per format (docx, xlsx, pdf written one after another with --jobs 1),
seconds per project, the peak memory of composing and writing (tracemalloc, a separate pass), and the
speed-up of `--jobs 2` over `--jobs 1` for the whole build command.  Figures only; no assertions.

Usage: python benchmarks/build.py [10 100 1000]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "specs" / "anyang-2023"
PACKAGE = "安阳市公安局2023年度部门决算.yaml"

sys.path.insert(0, str(ROOT / "benchmarks"))
from validate import make_spec  # noqa: E402  (the generated project specs of the validate benchmark)


def generated_package(folder: Path, projects: int) -> Path:
    """The 安阳 example's financial tables and narratives, with `projects` generated project specs."""
    shutil.copytree(EXAMPLE / "决算", folder / "决算")
    shutil.copy(EXAMPLE / "部门整体支出绩效自评.yaml", folder)
    (folder / "projects").mkdir()
    for k in range(projects):
        (folder / "projects" / f"p{k:04d}.yaml").write_text(make_spec(k), encoding="utf-8")
    text = (EXAMPLE / PACKAGE).read_text(encoding="utf-8").replace('projects: ["*.yaml"]', 'projects: ["projects/*.yaml"]')
    path = folder / PACKAGE
    path.write_text(text, encoding="utf-8")
    return path


def per_format(path: Path, out: Path) -> tuple[dict[str, float], float]:
    from docgen.build import _write_one
    from docgen.load.yamlload import load_file
    from docgen.model.build import build_spec
    from docgen.package import compose, load_package

    built = build_spec(load_file(path))
    loaded = load_package(path, built.spec, built.source)
    document = compose(loaded)
    times = {}
    for fmt in ("docx", "xlsx", "pdf"):
        start = time.perf_counter()
        _write_one(fmt, document, out / f"x.{fmt}")
        times[fmt] = time.perf_counter() - start
    tracemalloc.start()
    document = compose(load_package(path, built.spec, built.source))
    for fmt in ("docx", "xlsx", "pdf"):
        _write_one(fmt, document, out / f"y.{fmt}")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return times, peak


def command(path: Path, out: Path, jobs: int) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "docgen", "build", str(path), "--out", str(out), "--jobs", str(jobs)],
                   capture_output=True, check=True)
    return time.perf_counter() - start


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [10, 100, 1000]
    print(f"{'package':>10} {'projects':>8} {'docx s':>8} {'xlsx s':>8} {'pdf s':>8} {'s/project':>10} {'peak MiB':>9} {'jobs1 s':>8} {'jobs2 s':>8} {'speed-up':>8}")
    cases = [("安阳 2023", EXAMPLE / PACKAGE, None)] + [("generated", None, n) for n in sizes]
    for label, path, n in cases:
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            if path is None:
                path = generated_package(tmp / "pkg", n)
            projects = n if n is not None else len(list(EXAMPLE.glob("*.yaml"))) - 2
            times, peak = per_format(path, tmp)
            one = command(path, tmp / "j1", 1)
            two = command(path, tmp / "j2", 2)
            total = sum(times.values())
            print(f"{label:>10} {projects:>8} {times['docx']:>8.2f} {times['xlsx']:>8.2f} {times['pdf']:>8.2f} "
                  f"{total / max(projects, 1):>10.4f} {peak / 2**20:>9.1f} {one:>8.2f} {two:>8.2f} {one / two:>8.2f}")


if __name__ == "__main__":
    main()
