"""Trustworthy intake: a manifest the text contradicts is reported (quarantined with --strict);
the same content uploaded for two communes is flagged."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from plans.settings import PROJECT_ROOT, configure_prefect

configure_prefect()

from flows.intake import largest_first, list_documents  # noqa: E402
from flows.refresh import refresh  # noqa: E402

RAW = PROJECT_ROOT / "data" / "raw"
AIT_MELLOUL_TXT = "ait-melloul_open-plan_2024-2025.txt"
DAKHLA_TXT = "dakhla_pac_2017-2022.txt"


def raw_folder(base: Path, manifest: dict[str, str], copies: dict[str, str]) -> Path:
    raw = base / "raw"
    raw.mkdir()
    for name, source in copies.items():
        shutil.copy(RAW / source, raw / name)
    lines = ["file,commune", *(f"{f},{c}" for f, c in manifest.items())]
    (raw / "manifest.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return raw


def outcome(summary, name: str) -> tuple[str, str | None]:
    report = next(f for f in summary.files if f.file_name == name)
    return report.outcome, report.reason


def test_a_manifest_the_text_contradicts_is_reported_and_quarantined_when_strict(tmp_path: Path):
    # The Aït Melloul plan names itself ("جماعة أيت ملول"); its manifest row says Tétouan.
    raw = raw_folder(tmp_path, {AIT_MELLOUL_TXT: "tetouan"}, {AIT_MELLOUL_TXT: AIT_MELLOUL_TXT})
    lenient = refresh(raw_dir=raw, warehouse=tmp_path / "a.duckdb", show_progress=False, quality=False)
    state, reason = outcome(lenient, AIT_MELLOUL_TXT)
    assert state == "interpreted"
    assert (
        reason
        == "manifest says 'tetouan' but the document's text names 'ait-melloul': filed under 'ait-melloul'"
    )

    strict = refresh(
        raw_dir=raw, warehouse=tmp_path / "b.duckdb", show_progress=False, quality=False, strict=True
    )
    state, reason = outcome(strict, AIT_MELLOUL_TXT)
    assert state == "quarantined" and reason.startswith("manifest says 'tetouan'")
    with duckdb.connect(str(tmp_path / "b.duckdb"), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM fact_activity").fetchone() == (0,)
        event = conn.execute(
            "SELECT outcome FROM etl_file_event WHERE file_name = ?", [AIT_MELLOUL_TXT]
        ).fetchone()
    assert event == ("quarantined",)


def test_identical_content_under_two_communes_is_flagged(tmp_path: Path):
    # The Dakhla PAC's text never names its commune: the manifest files the copy under Tétouan.
    copy = "tetouan_pac_2017-2022.txt"
    raw = raw_folder(
        tmp_path, {DAKHLA_TXT: "dakhla", copy: "tetouan"}, {DAKHLA_TXT: DAKHLA_TXT, copy: DAKHLA_TXT}
    )
    summary = refresh(raw_dir=raw, warehouse=tmp_path / "w.duckdb", show_progress=False, quality=False)
    state, reason = outcome(summary, copy)
    assert state == "interpreted"
    assert reason == f"identical content to {DAKHLA_TXT} (dakhla), filed under another commune"
    assert (
        outcome(summary, DAKHLA_TXT)[1]
        == f"identical content to {copy} (tetouan), filed under another commune"
    )
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as conn:
        logged = conn.execute("SELECT reason FROM etl_file_event WHERE file_name = ?", [copy]).fetchone()[0]
    assert logged == reason


@settings(max_examples=40, deadline=None)
@given(sizes=st.lists(st.integers(min_value=0, max_value=5000), max_size=8))
def test_files_start_largest_first(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for index, size in enumerate(sizes):
            path = Path(tmp) / f"f{index}.txt"
            path.write_bytes(b"x" * size)
            paths.append(path)
        ordered = largest_first(paths)
        assert sorted(ordered) == sorted(paths)  # every file, once
        started = [p.stat().st_size for p in ordered]
        assert started == sorted(started, reverse=True)


def test_a_file_gone_since_the_scan_is_ordered_last_not_an_error(tmp_path: Path) -> None:
    kept, gone = tmp_path / "kept.txt", tmp_path / "gone.txt"
    kept.write_text("x", encoding="utf-8")
    assert largest_first([gone, kept]) == [kept, gone]


def test_the_sample_pdfs_start_before_their_text_renditions() -> None:
    names = [p.name for p in largest_first(list_documents(RAW))]
    assert names[0] == "beni-mellal_open-plan_2024-2025.scanned.pdf"  # 3.9 MB: the longest reading
    assert names.index("ait-melloul_open-plan_2024-2025.pdf") < names.index(AIT_MELLOUL_TXT)
