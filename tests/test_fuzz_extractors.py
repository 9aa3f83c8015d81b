"""Fuzzing every extractor with mutated sample files: each mutant is read or refused with a reason,
never an unhandled exception and never a hang.

Mutants are raw byte edits (flip, overwrite, insert, delete, truncate) and, for DOCX/PPTX, the same
edits inside one XML part of a re-written archive (raw edits of a ZIP mostly hit compressed data and
stop at its checksum). Each mutant is extracted the way a refresh does it, in a child process with
a time limit; the child reports an exception other than ExtractionError as "the extractor failed".
Examples per format are few and derandomised, so the suite stays bounded in time and repeatable.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.dispatch import UnsupportedFormat
from extractors.intake.limits import IntakeLimits, LimitExceeded
from extractors.intake.worker import extract_isolated
from plans.model import ExtractedDocument
from plans.settings import PROJECT_ROOT

RAW = PROJECT_ROOT / "data" / "raw"
SAMPLES = {
    "txt": RAW / "tetouan_action-plan_2023-2026.txt",
    "docx": RAW / "tetouan_action-plan_2023-2026.docx",
    "pptx": RAW / "beni-mellal_open-plan_2024-2025.pptx",
    "pdf": RAW / "tetouan_action-plan_2023-2026.pdf",
}
# A sample is read in 0.1-2 s; ten times that is a hang.
LIMITS = IntakeLimits(max_seconds=60)
FUZZ = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

edits = st.lists(
    st.tuples(
        st.sampled_from(["flip", "overwrite", "insert", "delete", "truncate"]),
        st.floats(min_value=0, max_value=1),
        st.binary(min_size=1, max_size=64),
    ),
    min_size=1,
    max_size=4,
)


def mutate(data: bytes, operations: list[tuple[str, float, bytes]]) -> bytes:
    for kind, where, payload in operations:
        at = int(where * max(len(data) - 1, 0))
        if kind == "flip":
            data = data[:at] + bytes([data[at] ^ (payload[0] or 1)]) + data[at + 1 :] if data else data
        elif kind == "overwrite":
            data = data[:at] + payload + data[at + len(payload) :]
        elif kind == "insert":
            data = data[:at] + payload + data[at:]
        elif kind == "delete":
            data = data[:at] + data[at + len(payload) :]
        else:
            data = data[:at]
    return data


def mutate_member(archive_bytes: bytes, member_choice: float, operations: list) -> bytes:
    """The archive re-written with one XML member mutated (the others as they were)."""
    source = zipfile.ZipFile(io.BytesIO(archive_bytes))
    xml_members = [i for i in source.infolist() if i.filename.endswith(".xml")]
    target = xml_members[int(member_choice * (len(xml_members) - 1))].filename
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info)
            archive.writestr(info.filename, mutate(data, operations) if info.filename == target else data)
    return out.getvalue()


def assert_read_or_refused(path: Path) -> None:
    try:
        doc = extract_isolated(path, LIMITS)
    except LimitExceeded as error:
        assert "max_seconds" not in str(error), f"hang: {error}"
    except UnsupportedFormat:
        pass
    except Exception as error:
        message = str(error)
        assert not message.startswith("the extractor failed"), message
        assert not message.startswith("the extractor crashed"), message
        assert message.strip(), f"empty reason ({type(error).__name__})"
    else:
        assert isinstance(doc, ExtractedDocument)


@pytest.mark.parametrize("source_format", sorted(SAMPLES))
@FUZZ
@given(operations=edits)
def test_raw_byte_mutants_are_read_or_refused(tmp_path: Path, source_format: str, operations: list) -> None:
    sample = SAMPLES[source_format]
    path = tmp_path / f"mutant{sample.suffix}"
    path.write_bytes(mutate(sample.read_bytes(), operations))
    assert_read_or_refused(path)


@pytest.mark.parametrize("source_format", ["docx", "pptx"])
@FUZZ
@given(member=st.floats(min_value=0, max_value=1), operations=edits)
def test_archive_member_mutants_are_read_or_refused(
    tmp_path: Path, source_format: str, member: float, operations: list
) -> None:
    sample = SAMPLES[source_format]
    path = tmp_path / f"mutant{sample.suffix}"
    path.write_bytes(mutate_member(sample.read_bytes(), member, operations))
    assert_read_or_refused(path)
