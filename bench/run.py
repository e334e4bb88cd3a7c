"""``make bench``: the plugin's build against a plain Material build of the same pages.

For a synthetic hub (:mod:`bench.hub`) of C companies x P policies x V released
versions it measures, alternating the kinds so that a slow moment of the machine
hurts them alike:

- (a) the full ``mkdocs build`` with the ``policies`` plugin, without its cache;
- (b) ``mkdocs build`` of the same Markdown with mkdocs-material only (:mod:`bench.sites`);
- when the plugin has a ``cache_dir`` option: (a) with an empty cache, which it
  fills, and again with the cache warm;
- the rebuild after one live policy is edited, with the cache warm;

then a scaling series: hubs of the same companies and policies with fewer
released versions, one build of each kind. Archived versions stay out of the
navigation, so the series grows the pages, not the navigation rendered into each
of them. A hub is generated for every size of the series (a hub with fewer
versions cannot be cut out of a bigger one: change logs and snapshots differ),
and kept in ``--work``.

(a) is built without the PDFs of released versions (``pdf: false``): (b) has nothing
like them, and a PDF costs a WeasyPrint render, more than the page it is printed from.
Their cost is measured on its own, on the smallest hub of the series (or the main one
without a series): the same hub with and without PDFs, each with an empty cache and
again with it warm, and the cold cost per PDF extrapolated to the main hub.

It prints a table, the series, and whether the project's targets are met:
(a)/(b) <= 1.5, rebuild/(b) <= 0.5, (a)'s time per page at the largest size of
the series <= 1.2 x at the smallest, (a)'s peak memory < 2 GiB. The exit status
is 0 either way. The last line is ``ratio plugin/plain: X.XX``: (a) without
cache over (b).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from bench.companies import DEFAULT_HUBS, measure_hubs, print_hub_targets, print_hubs
from bench.companies import POLICIES as HUB_POLICIES
from bench.companies import VERSIONS as HUB_VERSIONS
from bench.hub import (
    MAX_VERSIONS,
    SAMPLE_POLICIES,
    HubSize,
    edit_one_policy,
    generate_hub,
    size_for_pages,
)
from bench.measure import BuildResult, Summary, run_build
from bench.sites import (
    CACHED_CONFIG,
    PLAIN_CONFIG,
    PLUGIN_CONFIG,
    Look,
    project_look,
    write_plain_site,
    write_plugin_site,
)
from generator.site.cache import code_fingerprint

DEFAULT_PAGES = 5000
DEFAULT_COMPANIES = 30
DEFAULT_POLICIES = 3
SERIES_FRACTIONS = (0.1, 0.2, 0.4, 1.0)
"""Default scaling series, as fractions of ``--pages``: with the default hub, 30x3x2,
30x3x5, 30x3x10 and 30x3x27 (481, 1,021, 1,921 and 4,981 pages)."""

TARGET_RATIO = 1.5
"""(a) without cache over (b), at the main size."""
TARGET_REBUILD = 0.5
"""The rebuild after one edit (cache warm) over (b), at the main size."""
TARGET_SCALING = 1.2
"""(a)'s time per page at the largest size of the series over that at the smallest."""
TARGET_RSS = 2 * 2**30
"""(a)'s peak resident memory, bytes: less than this."""

COLD = "(a) plugin, no cache"
FILL = "(a) plugin, filling empty cache"
WARM = "(a) plugin, warm cache"
PLAIN = "(b) plain Material"
REBUILD = "(a) rebuild, 1 policy edited"
NO_PDF_FILL = "(a) without PDFs, empty cache"
NO_PDF_WARM = "(a) without PDFs, warm cache"
PDF_FILL = "(a) with PDFs, empty cache"
PDF_WARM = "(a) with PDFs, warm cache"


def _parser() -> argparse.ArgumentParser:
    default = size_for_pages(DEFAULT_PAGES, DEFAULT_COMPANIES, DEFAULT_POLICIES)
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=(
            "Build a synthetic policy hub (companies x policies x released versions) with "
            "the policies plugin and with plain mkdocs-material, and compare; then a scaling "
            "series of hubs with the same companies and policies and more or fewer versions, "
            "and the project's targets. Pages = 1 + companies x (1 + policies x "
            "(2 x versions + 1)); the versions come from --pages unless --versions is given."
        ),
    )
    parser.add_argument(
        "--pages",
        type=_positive,
        default=DEFAULT_PAGES,
        help="approximate pages of the main hub, which choose its versions per policy "
        f"(default {DEFAULT_PAGES}: {default}, {default.pages:,} pages, with the default "
        "companies and policies)",
    )
    parser.add_argument(
        "--companies",
        type=_positive,
        default=DEFAULT_COMPANIES,
        help=f"companies, in every hub (default {DEFAULT_COMPANIES})",
    )
    parser.add_argument(
        "--policies",
        type=_positive,
        default=DEFAULT_POLICIES,
        help=f"policies per company, in every hub (default {DEFAULT_POLICIES})",
    )
    parser.add_argument(
        "--versions",
        type=_positive,
        default=None,
        help="released versions per policy of the main hub; overrides --pages "
        "(default: from --pages)",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="builds of each kind at the main size (3)"
    )
    parser.add_argument(
        "--series",
        default=None,
        help="comma-separated approximate page counts of the scaling series, which choose "
        "the versions of its hubs (companies and policies stay), or 'none' "
        "(default: 10%%, 20%%, 40%% and 100%% of the main hub's pages)",
    )
    parser.add_argument(
        "--features",
        default=None,
        help="comma-separated Material theme features for both sites "
        "(default: those of the project's mkdocs.yml)",
    )
    parser.add_argument(
        "--hubs",
        default=",".join(str(count) for count in DEFAULT_HUBS),
        help="comma-separated company counts of the hub series (each company with "
        f"{HUB_POLICIES} policies of {HUB_VERSIONS} version), or 'none' "
        f"(default {','.join(str(count) for count in DEFAULT_HUBS)})",
    )
    parser.add_argument(
        "--no-pdf",
        action="store_true",
        help="skip the measure of the PDFs of released versions (their own section)",
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the text variations (1)")
    parser.add_argument(
        "--work",
        type=Path,
        default=None,
        help="folder for hubs and builds, kept and reused by later runs "
        "(default: a temporary folder, deleted at the end)",
    )
    parser.add_argument(
        "--pythonpath",
        type=Path,
        action="append",
        default=[],
        help="put this folder first on the builds' PYTHONPATH, e.g. to measure another "
        "checkout of the generator package (repeatable)",
    )
    return parser


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive number")
    return value


@dataclass(frozen=True)
class Plan:
    """What one run builds."""

    main: HubSize
    series: tuple[HubSize, ...]
    """The sizes of the scaling series, fewest versions first (the main size among them)."""
    repeat: int
    look: Look
    seed: int
    pythonpath: tuple[Path, ...]
    companies: tuple[HubSize, ...] = ()
    """The hub series: more companies, the same policies and versions each."""
    pdf: bool = True
    """Measure the PDFs of released versions (on :attr:`pdf_hub`)."""

    @property
    def pdf_hub(self) -> HubSize:
        """The hub the PDFs are measured on: the smallest of the run."""
        return self.series[0] if self.series else self.main

    @property
    def hubs(self) -> tuple[HubSize, ...]:
        """Every hub the run builds, the main one first."""
        others = [size for size in (*self.series, *self.companies) if size != self.main]
        return (self.main, *dict.fromkeys(others))


def _plan(args: argparse.Namespace) -> Plan:
    if args.versions is not None:
        main = HubSize(args.companies, args.policies, args.versions)
    else:
        main = size_for_pages(args.pages, args.companies, args.policies)
    if args.series is None:
        counts = [round(main.pages * fraction) for fraction in SERIES_FRACTIONS]
    elif args.series.strip().lower() in ("", "none"):
        counts = []
    else:
        counts = [int(count) for count in args.series.split(",")]
    sizes = {size_for_pages(count, main.companies, main.policies) for count in counts}
    if sizes:
        sizes.add(main)
    if any(size.versions > MAX_VERSIONS for size in sizes):
        raise SystemExit(f"python -m bench: at most {MAX_VERSIONS} versions per policy")
    series = sorted(sizes, key=lambda size: size.versions)
    look = project_look()
    if args.features is not None:
        look = look.with_features([f.strip() for f in args.features.split(",") if f.strip()])
    companies: tuple[HubSize, ...] = ()
    if args.hubs.strip().lower() not in ("", "none"):
        counts = sorted({int(count) for count in args.hubs.split(",")})
        companies = tuple(HubSize(count, HUB_POLICIES, HUB_VERSIONS) for count in counts)
    return Plan(
        main,
        tuple(series),
        max(1, args.repeat),
        look,
        args.seed,
        tuple(args.pythonpath),
        companies=companies,
        pdf=not args.no_pdf,
    )


@contextlib.contextmanager
def _workspace(work: Path | None) -> Iterator[Path]:
    if work is not None:
        work.mkdir(parents=True, exist_ok=True)
        yield work.resolve()
        return
    with tempfile.TemporaryDirectory(prefix="policy-bench-") as folder:
        yield Path(folder)


def _hub_fingerprint(size: HubSize, seed: int) -> str:
    """Identifies a generated hub: its size and seed, the code that generated and released
    it, and the sample policies it copies."""
    digest = hashlib.sha256(f"{size} {seed} {code_fingerprint()}".encode())
    for path in [Path(__file__).with_name("hub.py"), *sorted(SAMPLE_POLICIES.rglob("*"))]:
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def _source_hub(work: Path, size: HubSize, seed: int) -> tuple[Path, float | None]:
    """The released hub of ``size`` (reused when ``work`` already holds it) and the seconds
    its generation took (None when reused)."""
    folder = work / f"hub-{size}-seed{seed}"
    marker = folder / "complete"
    fingerprint = _hub_fingerprint(size, seed)
    if marker.is_file() and marker.read_text() == fingerprint:
        return folder / "policies", None
    if folder.exists():
        shutil.rmtree(folder)
    started = time.perf_counter()
    generate_hub(folder / "policies", size, seed)
    marker.write_text(fingerprint)
    return folder / "policies", time.perf_counter() - started


def _site(work: Path, source: Path, name: str) -> Path:
    """A fresh site folder holding a copy of the hub ``source`` (builds and edits change
    the site, never the hub)."""
    site = work / name
    if site.exists():
        shutil.rmtree(site)
    shutil.copytree(source, site / "policies")
    return site


def _plugin_options(cache: Path | None, *, pdf: bool | None = False) -> dict[str, object]:
    """``pdf`` None: a plugin without the option (another checkout, ``--pythonpath``)."""
    # Everything is released, so production or not gives the same pages; not production
    # lets the edited policy of the rebuild show as a draft.
    options: dict[str, object] = {"production": False}
    if cache is not None:
        options["cache_dir"] = str(cache)
    if pdf is not None:
        options["pdf"] = pdf
    return options


def _plugin_has(plan: Plan, site: Path, option: str) -> bool:
    """Whether the plugin the builds load (run from ``site``, as they are) has ``option``."""
    env = dict(os.environ)
    if plan.pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(str(path) for path in plan.pythonpath)
    probe = (
        "from generator.mkdocs_plugin.config import PoliciesConfig; "
        f"print({option!r} in dict(PoliciesConfig._schema))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip() == "True"


def _measure_main(plan: Plan, site: Path, cached: bool, pdf: bool | None) -> dict[str, Summary]:
    cache = site / "cache"
    write_plugin_site(site, plan.look, _plugin_options(None, pdf=pdf))
    if cached:
        write_plugin_site(site, plan.look, _plugin_options(cache, pdf=pdf), CACHED_CONFIG)
    write_plain_site(site, plan.look)
    runs: dict[str, list[BuildResult]] = {COLD: [], PLAIN: [], FILL: [], WARM: []}
    for _ in range(plan.repeat):
        runs[COLD].append(_build(plan, site, PLUGIN_CONFIG, "out-a"))
        runs[PLAIN].append(_build(plan, site, PLAIN_CONFIG, "out-b"))
        if cached:
            shutil.rmtree(cache, ignore_errors=True)
            runs[FILL].append(_build(plan, site, CACHED_CONFIG, "out-a"))
            runs[WARM].append(_build(plan, site, CACHED_CONFIG, "out-a"))
    if cached:
        # The cache is warm from the last build; each rebuild follows a new edit.
        runs[REBUILD] = []
        for attempt in range(plan.repeat):
            edit_one_policy(site / "policies", seed=plan.seed * 1000 + attempt)
            runs[REBUILD].append(_build(plan, site, CACHED_CONFIG, "out-a"))
    return {name: Summary(tuple(results)) for name, results in runs.items() if results}


def _build(plan: Plan, site: Path, config: str, output: str) -> BuildResult:
    return run_build(site, config, site / output, pythonpath=plan.pythonpath)


def _measure_pdfs(plan: Plan, work: Path, hubs: dict[HubSize, Path]) -> dict[str, Summary]:
    """The hub :attr:`Plan.pdf_hub` without and with PDFs, each from an empty cache and
    again warm: one build of each kind."""
    site = _site(work, hubs[plan.pdf_hub], "pdf")
    runs: dict[str, Summary] = {}
    for pdf, (fill, warm) in ((False, (NO_PDF_FILL, NO_PDF_WARM)), (True, (PDF_FILL, PDF_WARM))):
        cache = site / f"cache-{pdf}"
        write_plugin_site(site, plan.look, _plugin_options(cache, pdf=pdf), CACHED_CONFIG)
        runs[fill] = Summary((_build(plan, site, CACHED_CONFIG, "out-a"),))
        runs[warm] = Summary((_build(plan, site, CACHED_CONFIG, "out-a"),))
    shutil.rmtree(site)
    return runs


def _print_pdfs(plan: Plan, runs: dict[str, Summary]) -> None:
    versions = plan.pdf_hub.version_pages
    print()
    print(
        f"PDFs of released versions: hub {plan.pdf_hub} ({versions} PDFs, "
        f"{runs[NO_PDF_FILL].pages} pages), one build of each kind"
    )
    _print_table(runs)
    per_pdf = (runs[PDF_FILL].seconds - runs[NO_PDF_FILL].seconds) / versions
    warm = runs[PDF_WARM].seconds - runs[NO_PDF_WARM].seconds
    print(
        f"a PDF costs {1000 * per_pdf:.0f} ms to render; a warm build copies them all in "
        f"{warm:+.2f} s; at the main hub's {plan.main.version_pages} versions a build with "
        f"an empty cache would take about {per_pdf * plan.main.version_pages:.0f} s more "
        "than (a) above"
    )


def _measure_series(
    plan: Plan,
    work: Path,
    hubs: dict[HubSize, Path],
    main: dict[str, Summary],
    pdf: bool | None,
) -> list[tuple[HubSize, Summary, Summary]]:
    rows = []
    for size in plan.series:
        if size == plan.main:
            rows.append((size, main[COLD], main[PLAIN]))
            continue
        site = _site(work, hubs[size], f"series-{size}")
        write_plugin_site(site, plan.look, _plugin_options(None, pdf=pdf))
        write_plain_site(site, plan.look)
        plugin = _build(plan, site, PLUGIN_CONFIG, "out-a")
        plain = _build(plan, site, PLAIN_CONFIG, "out-b")
        rows.append((size, Summary((plugin,)), Summary((plain,))))
        shutil.rmtree(site)
    return rows


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    versions = ", ".join(
        f"{name} {metadata.version(name)}" for name in ("mkdocs", "mkdocs-material", "markdown")
    )
    return f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, {versions}"


def _mib(size: int) -> str:
    return f"{size / 2**20:,.0f} MiB"


def _print_table(summaries: dict[str, Summary]) -> None:
    print(
        f"{'build':<32}{'median s':>10}{'min-max':>14}{'pages/s':>9}{'peak RSS':>11}{'output':>11}"
    )
    for name, summary in summaries.items():
        print(
            f"{name:<32}{summary.seconds:>10.2f}{summary.spread:>14}"
            f"{summary.pages_per_second:>9.1f}{_mib(summary.peak_rss):>11}"
            f"{_mib(summary.output_bytes):>11}"
        )


def _print_series(rows: Sequence[tuple[HubSize, Summary, Summary]], plan_main: HubSize) -> None:
    print()
    print(
        f"scaling: {plan_main.companies} companies x {plan_main.policies} policies, more "
        f"versions ((a) without cache; one build of each kind, the median at {plan_main})"
    )
    header = (
        f"{'pages':>6}{'hub':>10}{'(a) s':>9}{'ms/page':>9}{'(b) s':>9}{'ms/page':>9}"
        f"{'a/b':>7}{'a-b ms/page':>13}{'(a) RSS':>10}"
    )
    print(header)
    for size, plugin, plain in rows:
        per_a = 1000 * plugin.seconds / plugin.pages
        per_b = 1000 * plain.seconds / plain.pages
        print(
            f"{plugin.pages:>6}{size!s:>10}{plugin.seconds:>9.2f}{per_a:>9.2f}"
            f"{plain.seconds:>9.2f}{per_b:>9.2f}{plugin.seconds / plain.seconds:>7.2f}"
            f"{per_a - per_b:>13.2f}{_mib(plugin.peak_rss):>10}"
        )


def _met(value: float, limit: float, *, strict: bool = False) -> str:
    return "met" if (value < limit if strict else value <= limit) else "NOT met"


def _per_page_growth(small: Summary, large: Summary) -> float:
    return (large.seconds / large.pages) / (small.seconds / small.pages)


def _print_targets(
    summaries: dict[str, Summary], rows: Sequence[tuple[HubSize, Summary, Summary]]
) -> None:
    """One line per target of the project, from the numbers measured above."""
    plain = summaries[PLAIN]
    pages = summaries[COLD].pages
    print()
    print("targets")
    ratio = summaries[COLD].seconds / plain.seconds
    print(
        f"target a/b <= {TARGET_RATIO:.2f} at {pages} pages: {ratio:.2f} "
        f"{_met(ratio, TARGET_RATIO)}"
    )
    if REBUILD in summaries:
        rebuild = summaries[REBUILD].seconds / plain.seconds
        print(
            f"target rebuild/b <= {TARGET_REBUILD:.2f} at {pages} pages: {rebuild:.2f} "
            f"{_met(rebuild, TARGET_REBUILD)}"
        )
    if len(rows) >= 2:
        (_, small_a, small_b), (_, large_a, large_b) = rows[0], rows[-1]
        growth = _per_page_growth(small_a, large_a)
        print(
            f"target (a) time per page at {large_a.pages} / at {small_a.pages} pages "
            f"<= {TARGET_SCALING:.2f}: {growth:.2f} {_met(growth, TARGET_SCALING)} "
            f"((b): {_per_page_growth(small_b, large_b):.2f})"
        )
    else:
        print(f"target (a) time per page <= {TARGET_SCALING:.2f}: not measured (no series)")
    peak = max(
        summary.peak_rss
        for summary in (
            *(summaries[name] for name in (COLD, FILL, WARM, REBUILD) if name in summaries),
            *(plugin for _, plugin, _ in rows),
        )
    )
    print(
        f"target peak RSS of (a) < {_mib(TARGET_RSS)}: {_mib(peak)} "
        f"{_met(peak, TARGET_RSS, strict=True)}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    plan = _plan(args)
    started = time.perf_counter()
    with _workspace(args.work) as work:
        print(f"machine: {_machine()}")
        print(
            f"hub: {plan.main} (companies x policies x versions) = "
            f"{plan.main.version_pages} released versions, {plan.main.pages} pages"
        )
        hubs: dict[HubSize, Path] = {}
        for size in plan.hubs:
            hubs[size], generated = _source_hub(work, size, plan.seed)
            print(
                f"hub {size} ({size.pages} pages): "
                + ("reused" if generated is None else f"generated in {generated:.0f} s"),
                flush=True,
            )
        site = _site(work, hubs[plan.main], "main")
        cached = _plugin_has(plan, site, "cache_dir")
        pdf = False if _plugin_has(plan, site, "pdf") else None
        print(
            f"theme features: {', '.join(plan.look.features) or 'none'}; "
            f"{plan.repeat} builds of each kind, alternating"
        )
        if not cached:
            print("the plugin has no cache_dir option: warm-cache builds are not measured")
        if pdf is not None:
            print(
                "(a) builds without the PDFs of released versions (pdf: false), which (b) "
                + (
                    "has nothing like; they are measured on their own below"
                    if plan.pdf
                    else "has nothing like; --no-pdf: not measured"
                )
            )
        print()
        summaries = _measure_main(plan, site, cached, pdf)
        _print_table(summaries)
        plain = summaries[PLAIN].seconds
        print()
        for name in (FILL, WARM, REBUILD):
            if name in summaries:
                print(f"{name} / (b): {summaries[name].seconds / plain:.2f}")
        rows = _measure_series(plan, work, hubs, summaries, pdf)
        if rows:
            _print_series(rows, plan.main)
        hub_rows = measure_hubs(plan.companies, hubs, work, plan.look, plan.pythonpath)
        if hub_rows:
            print_hubs(hub_rows)
        if plan.pdf and pdf is not None and cached:
            _print_pdfs(plan, _measure_pdfs(plan, work, hubs))
        _print_targets(summaries, rows)
        print_hub_targets(hub_rows)
        print()
        print(f"benchmark took {time.perf_counter() - started:.0f} s")
        print(f"ratio plugin/plain: {summaries[COLD].seconds / plain:.2f}")
    return 0
