"""`plans report`: a self-contained HTML file that headless Chromium renders with the documents' numbers.

Chromium is Debian's `chromium` (/usr/bin/chromium). Without it the rendering tests skip, unless
PLANS_REQUIRE_CHROMIUM=1 (CI), which makes them fail instead.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from plans.cli import app
from report import formatting as fmt
from report.arabic import chart_text, visual_lines, visual_order
from report.labels import chart_lines, labels

runner = CliRunner()
AIT_MELLOUL = "ait-melloul/open_plan/2024-2025"
BENI_MELLAL = "beni-mellal/open_plan/unknown-period"
PRESENTATION_FORMS = re.compile(r"[\uFB50-\uFDFF\uFE70-\uFEFF]")
ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


# ---------------------------------------------------------------- number formatting (pure)


def test_amounts_print_as_the_plans_print_them():
    assert fmt.amount(Decimal("2461996.00")) == "2 461 996.00"
    assert fmt.amount(Decimal("360000")) == "360 000.00"
    assert fmt.amount(None) == fmt.MISSING
    assert fmt.share(0.3656) == "36.6 %"
    assert fmt.rank(1, 2) == "1 of 2"
    assert fmt.measure_value("weight_in_commitment_sum_pct", Decimal("102.00")) == "102 %"
    assert fmt.measure_value("project_count", Decimal("10.00")) == "10"


@given(st.decimals(min_value=0, max_value=Decimal("1e12"), places=2, allow_nan=False, allow_infinity=False))
def test_amount_reads_back_and_groups_thousands(value: Decimal):
    printed = fmt.amount(value)
    assert Decimal(printed.replace(" ", "")) == value
    whole, cents = printed.split(".")
    groups = whole.split(" ")
    assert len(cents) == 2 and 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


@given(st.integers(min_value=0, max_value=10**12))
def test_count_reads_back(value: int):
    assert int(fmt.count(value).replace(" ", "")) == value


# ---------------------------------------------------------------- Arabic for charts (pure)


def test_visual_order_shapes_arabic_and_leaves_latin_alone():
    shaped = visual_order("أيت ملول")
    assert PRESENTATION_FORMS.search(shaped)  # joined letter forms, for a renderer that cannot make them
    assert unicodedata.normalize("NFKC", shaped[::-1]) == "أيت ملول"  # drawn right to left
    assert visual_order("digital innovation 2024") == "digital innovation 2024"


@given(st.lists(st.text(alphabet=ARABIC_LETTERS, min_size=1, max_size=8), min_size=1, max_size=4))
def test_visual_order_is_the_same_letters_reversed(words: list[str]):
    text = " ".join(words)
    assert unicodedata.normalize("NFKC", visual_order(text)[::-1]) == text


@given(st.sampled_from(sorted(labels())), st.text(min_size=1, max_size=20))
def test_chart_lines_put_english_and_french_over_the_arabic(key: str, unlisted: str):
    row = labels()[key]
    assert chart_lines(key, row["en"]).split("\n") == [f"{row['en']} · {row['fr']}", row["ar"]]
    if unlisted not in labels():
        assert chart_lines(unlisted, "x y") == "x y"  # English alone, as the tables do


@given(st.lists(st.text(alphabet=ARABIC_LETTERS + "ab ", max_size=8), min_size=1, max_size=3))
def test_visual_lines_reorder_each_line_on_its_own(lines: list[str]):
    shaped = visual_lines("\n".join(lines)).split("\n")
    assert [unicodedata.normalize("NFKC", s) for s in shaped] == [
        unicodedata.normalize("NFKC", visual_order(line)) for line in lines
    ]
    arabic_only = [line.replace("a", "").replace("b", "").strip() for line in lines]
    shaped = visual_lines("\n".join(arabic_only)).split("\n")
    assert [unicodedata.normalize("NFKC", s[::-1]) for s in shaped] == arabic_only


def test_chart_labels_are_drawn_right_to_left():
    """What analysts see: in "ما" (mim then alef) the alef, written second, is drawn on the left;
    the label goes through chart_text whichever way the installed matplotlib lays out Arabic."""
    from matplotlib.textpath import TextPath

    label = chart_text("ما")
    drawn = TextPath((0, 0), label, size=10).vertices
    alef_top = TextPath((0, 0), "ا", size=10).vertices[:, 1].max()
    alef_x = drawn[drawn[:, 1] > alef_top - 0.3][:, 0].mean()
    assert alef_x < drawn[:, 0].mean()


# ---------------------------------------------------------------- the report file


@pytest.fixture(scope="module")
def report_file(corpus_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    result = runner.invoke(app, ["report", "--warehouse", str(corpus_warehouse), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output
    return out


def test_report_is_self_contained(report_file: Path):
    html = report_file.read_text(encoding="utf-8")
    assert "<script" not in html and "<link" not in html and "<img" not in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html and "url(http" not in html


def test_report_html_text_leaves_arabic_shaping_to_the_browser(report_file: Path):
    html = report_file.read_text(encoding="utf-8")
    outside_charts = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)
    assert '<span lang="ar" dir="rtl">أيت ملول</span>' in outside_charts
    assert not PRESENTATION_FORMS.search(outside_charts)


def test_missing_warehouse_is_a_clear_error(tmp_path: Path):
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", "--warehouse", str(tmp_path / "none.duckdb"), "--out", str(out)])
    assert result.exit_code == 1 and "no warehouse at" in result.output
    assert not out.exists()


# ---------------------------------------------------------------- rendered by headless Chromium


def chromium() -> str:
    path = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if path:
        return path
    reason = "headless Chromium not installed (Debian package `chromium`): the report is not rendered"
    if os.environ.get("PLANS_REQUIRE_CHROMIUM") == "1":
        pytest.fail(reason + ", and PLANS_REQUIRE_CHROMIUM=1")
    pytest.skip(reason)


class RenderedDom(HTMLParser):
    """What a reader sees: the text of measure cells, tables by class, and the chart SVGs."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: dict[tuple[str, str], list[str]] = {}
        self.tables: dict[str, list[list[list[str]]]] = {}  # class -> tables -> rows -> cell texts
        self.charts: list[dict[str, str | None]] = []
        self.figures: list[str] = []
        self._cell: tuple[str, str] | None = None
        self._table: list[str] = []
        self._text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self._table.append(a.get("class") or a.get("id") or "")
            self.tables.setdefault(self._table[-1], []).append([])
        elif tag == "tr" and self._table:
            self.tables[self._table[-1]][-1].append([])
        elif tag == "td":
            self._text = []
            self._cell = (a["data-plan"], a["data-measure"]) if "data-plan" in a else None
        elif tag == "svg":
            self.charts.append(a)
        elif tag == "figure":
            self.figures.append(a.get("id") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._table:
            self._table.pop()
        elif tag == "td" and self._text is not None:
            text = "".join(self._text).strip()
            if self._table:
                self.tables[self._table[-1]][-1][-1].append(text)
            if self._cell:
                self.cells.setdefault(self._cell, []).append(text)
            self._text, self._cell = None, None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


@pytest.fixture(scope="module")
def rendered(report_file: Path, tmp_path_factory: pytest.TempPathFactory) -> RenderedDom:
    profile = tmp_path_factory.mktemp("chromium-profile")
    command = [
        chromium(), "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
        "--dump-dom", report_file.as_uri(),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "</html>" in done.stdout, done.stderr[-2000:]
    dom = RenderedDom()
    dom.feed(done.stdout)
    return dom


# Measured by the browser after layout, on a copy of the report (the report itself has no script):
# the page must not scroll sideways, and no table, figure or chart may stick out of its container.
LAYOUT_PROBE = """<script>
(() => {
  const viewport = window.innerWidth, page = document.documentElement.scrollWidth, out = [];
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (el.getAttribute("class") ? "." + el.getAttribute("class").replace(/ /g, ".") : "");
  document.querySelectorAll("table, figure, svg, img, pre, nav").forEach((el) => {
    const box = el.getBoundingClientRect(), parent = el.parentElement.getBoundingClientRect();
    if (box.right > viewport + 0.5 || box.right > parent.right + 0.5 || box.left < parent.left - 0.5)
      out.push(`${name(el)} spans ${box.left.toFixed(0)}-${box.right.toFixed(0)} px in `
        + `${name(el.parentElement)} (${parent.left.toFixed(0)}-${parent.right.toFixed(0)} px)`);
  });
  const probe = document.createElement("pre");
  probe.id = "layout-probe";
  const measured = document.querySelectorAll("table, figure").length;
  probe.textContent = JSON.stringify({viewport, page, measured, out});
  document.body.appendChild(probe);
})();
</script>"""


@pytest.mark.parametrize("width", [1280, 800])
def test_rendered_report_never_overflows_the_viewport(report_file: Path, tmp_path: Path, width: int):
    import json

    html = report_file.read_text(encoding="utf-8")
    probed = tmp_path / "probed.html"
    probed.write_text(html.replace("</body>", LAYOUT_PROBE + "</body>"), encoding="utf-8")
    command = [
        chromium(), "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path / 'profile'}",
        "--hide-scrollbars", f"--window-size={width},900", "--dump-dom", probed.as_uri(),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    found = re.search(r'<pre id="layout-probe">([^<]*)</pre>', done.stdout)
    assert found, "the layout probe did not run: " + done.stderr[-2000:]
    layout = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    assert layout["viewport"] == width
    assert layout["measured"] == html.count("<table") + html.count("<figure")  # all were measured
    assert layout["page"] <= width, f"the page scrolls sideways: {layout['page']} px in {width} px"
    assert layout["out"] == []


def test_rendered_summary_shows_ait_melloul_total_and_counts(rendered: RenderedDom):
    assert rendered.cells[AIT_MELLOUL, "total_cost_mad"] == ["2 461 996.00"] * 2  # side by side + its section
    assert rendered.cells[AIT_MELLOUL, "activities"] == ["63"] * 2
    assert rendered.cells[AIT_MELLOUL, "projects"] == ["11"] * 2
    assert rendered.cells[AIT_MELLOUL, "mean_cost_per_activity_mad"][0] == "39 079.30"
    assert rendered.cells[AIT_MELLOUL, "rank_total_cost"][0] == "1 of 2"


def rows_of(dom: RenderedDom, table_class: str) -> list[list[str]]:
    return [row for table in dom.tables[table_class] for row in table if row]


def test_rendered_reconciliation_shows_beni_mellal_contradiction(rendered: RenderedDom):
    assert rendered.cells[BENI_MELLAL, "total_cost_mad"][0] == "360 000.00"
    rows = rows_of(rendered, "reconciliation")
    assert ["total_cost_mad", "", "330 000.00", "360 000.00", "mismatch"] in rows
    assert ["total_cost_mad", "", "2 461 996.00", "2 461 996.00", "ok"] in rows


def test_rendered_cost_by_theme_adds_up_to_ait_melloul_total(rendered: RenderedDom):
    ait_melloul = rendered.tables["by-theme"][0]  # communes in order: ait-melloul first
    costs = [Decimal(row[3].replace(" ", "")) for row in ait_melloul if row]
    assert sum(costs) == Decimal("2461996.00")
    assert sum(int(row[2]) for row in ait_melloul if row) == 63


def test_rendered_cocreation_funnel(rendered: RenderedDom):
    funnel = [row[0] for row in rows_of(rendered, "funnel")]
    assert (funnel[0], funnel[1], funnel[-1]) == ("4", "193", "5")  # workshops, proposals, commitments
    assert sorted(int(row[1]) for row in rows_of(rendered, "workshops")) == [35, 47, 49, 62]


def test_rendered_charts_are_inline_svg(rendered: RenderedDom):
    assert rendered.figures == ["chart-cost_by_theme", "chart-activities_per_year", "chart-reconciliation"]
    charts = [c for c in rendered.charts if c.get("class") == "chart"]
    assert len(charts) == 3 and all(c.get("role") == "img" for c in charts)
    assert [c["aria-label"] for c in charts] == [
        "Cost by theme (share of each plan's cost)",
        "Dated activities running in each year",
        "What each plan states, against its own facts",
    ]


def test_report_has_contents_and_each_chart_data_as_csv(report_file: Path):
    import base64
    import csv
    import io

    html = report_file.read_text(encoding="utf-8")
    assert '<nav id="contents">' in html and 'href="#commune-tetouan"' in html
    links = dict(re.findall(r'download="(\w+)\.csv" href="data:text/csv;charset=utf-8;base64,([^"]+)"', html))
    assert set(links) == {"cost_by_theme", "activities_per_year", "reconciliation"}
    text = base64.b64decode(links["reconciliation"]).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    beni = [r for r in rows if r["commune"] == "beni-mellal" and r["measure"] == "total_cost_mad"]
    assert [(r["stated_value"], r["computed_value"], r["status"]) for r in beni] == [
        ("330000.00", "360000.00", "mismatch")
    ]
    themes = list(csv.DictReader(io.StringIO(base64.b64decode(links["cost_by_theme"]).decode("utf-8-sig"))))
    assert {r["commune"] for r in themes} == {"ait-melloul", "beni-mellal", "dakhla"}  # plans with costs


def test_plans_without_costs_are_not_ranked_on_them(report_file: Path):
    html = report_file.read_text(encoding="utf-8")
    cell = re.search(r'data-plan="tetouan/action_plan[^"]*" data-measure="rank_total_cost">([^<]*)<', html)
    assert cell and cell.group(1) == "—"


def test_rendered_themes_carry_french_and_arabic_labels(rendered: RenderedDom):
    themes = [row[0] for row in rendered.tables["by-theme"][0] if row]
    assert "digital innovation · innovation numérique · الابتكار الرقمي" in themes


def drawn_lines(svg: str) -> list[list[str]]:
    """The glyph names of every text line of a matplotlib SVG (text drawn as paths), left to right:
    what the image shows, glyph by glyph (a joined letter form is its own glyph)."""
    from fontTools.ttLib import TTFont
    from matplotlib import font_manager

    order = TTFont(font_manager.findfont("DejaVu Sans")).getGlyphOrder()
    lines = []
    for text in re.findall(r'<g id="text_\d+">(.*?)</g>\n  </g>', svg, re.S):
        for line in re.findall(r"<g transform=[^>]*>(.*?)</g>", text, re.S):
            glyphs = re.findall(r'<use xlink:href="#DejaVuSans-([0-9a-f]+)"', line)
            lines.append([order[int(g, 16)] for g in glyphs])
    return lines


def glyph_names(text: str) -> list[str]:
    """The font's glyphs for these characters; an isolated presentation form is the letter's own
    glyph (the font draws a letter that joins nothing with its base code point's glyph)."""
    from fontTools.ttLib import TTFont
    from matplotlib import font_manager

    cmap = TTFont(font_manager.findfont("DejaVu Sans")).getBestCmap()

    def base(c: str) -> str:
        form = unicodedata.decomposition(c).split()  # a ligature (lam-alef) keeps its own glyph
        return chr(int(form[1], 16)) if len(form) == 2 and form[0] == "<isolated>" else c

    return [cmap[ord(base(c))] for c in text]


def test_chart_images_carry_french_and_joined_arabic_labels(report_file: Path):
    html = report_file.read_text(encoding="utf-8")
    svg = html.split('<figure id="chart-cost_by_theme"', 1)[1].split("</figure>", 1)[0]
    lines = drawn_lines(svg)
    # The theme's English and French on one line, its Arabic below: letters joined (the forms
    # arabic-reshaper gives) and right to left (python-bidi's visual order), whoever shapes them.
    assert glyph_names("digital innovation · innovation numérique") in lines
    arabic = glyph_names(visual_order("الابتكار الرقمي"))
    assert arabic in lines
    assert arabic != glyph_names("الابتكار الرقمي"[::-1])  # isolated letters would not pass
    assert glyph_names(visual_order("plan ouvert · خطة الحكومة المنفتحة")) in lines  # a plan's kind


def test_compare_puts_two_chosen_communes_side_by_side_first(corpus_warehouse: Path, tmp_path: Path):
    out = tmp_path / "pair.html"
    args = [
        "report",
        "--warehouse",
        str(corpus_warehouse),
        "--out",
        str(out),
        "--compare",
        "tetouan",
        "dakhla",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.index('id="compared"') < html.index('id="side-by-side"')
    pair = re.findall(
        r'data-plan="([^"]+)" data-measure="total_cost_mad" data-section="compared">([^<]*)<', html
    )
    assert [p for p, _ in pair][-1].startswith("dakhla/pac") and pair[-1][1] == "308 530 000.00"
    assert {p.split("/")[0] for p, _ in pair} == {"tetouan", "dakhla"}


def test_compare_with_an_unknown_commune_names_the_known_ones(corpus_warehouse: Path, tmp_path: Path):
    args = ["report", "--warehouse", str(corpus_warehouse), "--out", str(tmp_path / "x.html")]
    result = runner.invoke(app, [*args, "--compare", "tetouan", "atlantis"])
    assert result.exit_code == 1
    assert "atlantis" in result.output and "dakhla" in result.output
