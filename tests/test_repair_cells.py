import itertools
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from normalizers.columns import reverse_columns
from normalizers.repair_cells import (
    continuation_reason,
    continues_name,
    detect_column_order,
    is_noise,
    is_split_word,
    join_fragments,
    merge_overlap,
    opens_name,
    read_garbled_percent,
    read_percent_series,
    scattered_spans,
    split_names,
)

# --------------------------------------------------------------------------- column order

DAKHLA_HEADER_VISUAL = ["2022", "2021", "2020", "2019", "2018", "2017", "بمليون در هم", "", "المشروع"]


def test_years_running_backwards_mean_mirrored_cells():
    order = detect_column_order([DAKHLA_HEADER_VISUAL], [])
    assert order is not None and order.mirrored
    assert "2022, 2021" in order.evidence
    logical = detect_column_order(reverse_columns([DAKHLA_HEADER_VISUAL]), [])
    assert logical is not None and not logical.mirrored


def test_labels_after_their_figures_mean_mirrored_cells():
    # The Dakhla summary table as exported: actions, projects, axes, then the domain name.
    body = [["16", "5", "2", "المالية و الجبايات"], ["26", "7", "2", "المرافق والتجهيزات"]]
    order = detect_column_order([], body)
    assert order is not None and order.mirrored
    assert detect_column_order([], reverse_columns(body)).mirrored is False


words = st.sampled_from(["تنمية", "مشروع", "دعم", "سوق", "طريق", "حديقة", "مدرسة", "ملعب"])


@st.composite
def logical_tables(draw):
    first = draw(st.integers(1990, 2090))
    years = [str(first + k) for k in range(draw(st.integers(3, 7)))]
    rows = draw(st.integers(1, 5))
    body = [
        [draw(words) + " " + draw(words), draw(st.sampled_from(["0.1", "2", "44.80", "-"]))]
        + [draw(st.sampled_from(["", "20%", "100%"])) for _ in years]
        for _ in range(rows)
    ]
    return [["المشروع", "الكلفة", *years]], body


@given(logical_tables())
def test_mirroring_a_table_is_detected_and_undone(table):
    header, body = table
    mirrored_header, mirrored_body = reverse_columns(header), reverse_columns(body)
    order = detect_column_order(mirrored_header, mirrored_body)
    assert order is not None and order.mirrored
    assert reverse_columns(mirrored_header) == header and reverse_columns(mirrored_body) == body
    assert detect_column_order(header, body).mirrored is False


# --------------------------------------------------------------------------- wrapped text


def test_join_drops_the_ocr_echo_of_a_line_end():
    first = "إرساء ندوة صحفيه دورية للقاء الصحافة المحلية لعرض الانجازات وتلقى التساؤلات و الإجابة على"
    echo = "تعرض الانجازات وتلقي السناولات و الإجابة على ا جملة الحاجيات"
    assert merge_overlap(first, echo) == first + " جملة الحاجيات"
    assert merge_overlap("شفافية المعطيات", "المعطيات") == "شفافية المعطيات"


def test_join_keeps_a_different_last_word():
    # "الصحية" is not an echo of "التحتية" although both are ال...ية adjectives.
    assert join_fragments(["تعزيز وتقوية البنيات التحتية", "الصحية الجماعية"]) == (
        "تعزيز وتقوية البنيات التحتية الصحية الجماعية"
    )


def test_name_fragments_with_echoes_join_into_the_printed_name():
    fragments = ["تجوید و تدبیر", "البنیات", "التشاركية الجماعية", "الجماعية وتأهيلها"]
    assert join_fragments(fragments) == "تجويد و تدبير البنيات التشاركية الجماعية وتأهيلها"
    assert join_fragments(["تعزيز آليات", "التشارك", "الحوار والحوار"]) == "تعزيز آليات التشارك والحوار"


DISTINCT = ["تنمية", "مشروع", "دعم", "سوق", "طريق", "حديقة", "مدرسة", "ملعب", "خلية", "ندوة", "شاحنة", "متحف"]


@given(st.permutations(DISTINCT), st.integers(1, 12), st.data())
def test_wrapping_a_text_then_joining_gives_the_text(vocabulary, length, data):
    text_words = vocabulary[:length]
    cuts = sorted(data.draw(st.sets(st.integers(1, max(1, length - 1)), max_size=length - 1)))
    bounds = [0, *[c for c in cuts if 0 < c < length], length]
    lines = [" ".join(text_words[a:b]) for a, b in itertools.pairwise(bounds) if b > a]
    assert join_fragments(lines) == " ".join(text_words)


@given(st.permutations(DISTINCT), st.integers(2, 6), st.integers(1, 3))
def test_an_echoed_tail_is_not_repeated(vocabulary, length, echoed):
    first, rest = vocabulary[:length], vocabulary[length : length + 3]
    echo = first[-min(echoed, length) :]
    assert merge_overlap(" ".join(first), " ".join(echo + rest)) == " ".join(first + rest)


def test_continuation_cues():
    assert continuation_reason("إرساء خلية جماعية خاصة بمعالجة و تتبع شكايات", "الساكنة")
    assert continuation_reason("توطين صناديق لتلقي شكايات الساكنة بمختلف", "المرافق العمومية الجماعية")
    assert continuation_reason("إحداث مركز لشحن وتحويل النفايات المنزلية", "والمماثلة للمطرح العمومي المراقب")
    # Each of these is an action of its own (Dakhla, urban planning documents, no cost printed).
    assert (
        continuation_reason("الإسهام بتصورات المجلس لتجديد ادوار الداخلة", "استصدار قرار القيام بدراسة")
        is None
    )
    assert (
        continuation_reason("دراسة مشروع مخطط توجيه التهيئة العمرانية", "دراسة مشروع تصميم التنطيق") is None
    )


def test_noise():
    for garbage in ("lalac", "totted to the Section of Lead", "السنداي و الله ي", "•", "* 4.5"):
        assert is_noise(garbage), garbage
    for text in ("النوع", "الساكنة", "إرساء ندوة الرؤساء بشكل دوري و عند الحاجة"):
        assert not is_noise(text), text
    # a cell cut by a page break after a two-letter preposition (Dakhla, split-header PDF)
    assert not is_noise("تطوير نظام\nالتوأمة مع")
    assert not is_noise("تجهيز كل المرافق")


def test_a_word_split_after_a_non_joining_letter_is_not_noise():
    assert not is_noise("صيانة المعدات والتجهيز ات")  # Dakhla export, "والتجهيزات"
    assert is_split_word("موار", "د") and not is_split_word("الله", "ي")


# Arabic words, each with a non-joining letter (ا د ذ ر ز و) before its last one or two letters.
SPLITTABLE = ["والتجهيزات", "موارد", "المرافق", "الإدارة", "النزاعات", "الحضري", "العمراني"]


@given(st.lists(st.sampled_from(SPLITTABLE), min_size=1, max_size=6, unique=True), st.data())
def test_a_sentence_with_split_words_stays_readable(sentence, data):
    split = []
    for word in sentence:
        cuts = [i for i in range(1, len(word) - 1) if word[i - 1] in "ادذرزو" and len(word) - i <= 2]
        cut = data.draw(st.sampled_from(cuts)) if cuts and data.draw(st.booleans()) else None
        split.extend([word[:cut], word[cut:]] if cut else [word])
    assert not is_noise(" ".join(split))


# --------------------------------------------------------------------------- scattered names


def test_a_definite_noun_with_its_preposition_opens_a_name():
    # Dakhla, domain 7: "تقييم الشركات / القائمة / البحث عن / شركات فاعلة" are two projects.
    assert opens_name("البحث عن") and not continues_name("القائمة", "البحث عن")
    assert continues_name("تقييم الشركات", "القائمة")  # an attribute continues the name
    assert continues_name("تصفية النزاعات", "القضائية")
    assert continues_name("المساهمة في", "الممارسة في")  # the line above is unfinished: it must continue
    assert not opens_name("الخدماتية و") and not opens_name("الجماعية")


def test_two_names_printed_on_consecutive_lines_are_split():
    fragments = ["دعم البنية", "التحتية و الفرق الرياضية", "المساهمة في توسيع قاعدة", "الممارسة الرياضية"]
    assert split_names(fragments) == [fragments[:2], fragments[2:]]
    assert split_names(["تقییم و تجدید", "طرق تدبير المرافق العمومية المحلية"]) == [
        ["تقییم و تجدید", "طرق تدبير المرافق العمومية المحلية"]
    ]


def test_names_get_the_rows_they_are_centred_on():
    # Dakhla T1: 8 actions on rows 0..7, names on rows 1 and 5 -> four actions each.
    assert scattered_spans([(1, 1), (5, 5)], list(range(8)), 8) == [(0, 3), (4, 7)]


@given(st.data())
def test_spans_partition_the_rows(data):
    total = data.draw(st.integers(2, 30))
    starts = sorted(data.draw(st.sets(st.integers(1, total - 1), max_size=total)) | {0})
    positions = sorted(data.draw(st.sets(st.integers(0, total - 1), min_size=1, max_size=5)))
    names = [(p, p) for p in positions]
    spans = scattered_spans(names, starts, total)
    assert len(spans) == len(names)
    assert spans[0][0] == starts[0] and spans[-1][1] == total - 1
    for (_, last), (first, _) in itertools.pairwise(spans):
        assert first == last + 1
    for (first, last), name in zip(spans, names, strict=True):
        assert first <= name[0] <= last or first == starts[0]


# --------------------------------------------------------------------------- OCR garbage


def test_garbled_percent_reads():
    assert read_garbled_percent("1000/") == (Decimal(100), "% read as 0/")
    assert read_garbled_percent("470/") == (Decimal(47), "% read as 0/")
    assert read_garbled_percent("F.00/") is None
    assert read_garbled_percent("4000/") is None  # 400% is not a completion rate


def test_series_reading_accepts_only_cumulative_repairs():
    reading = read_percent_series(["", "200/", "400/", "600/", "80%", "1000/"])
    assert reading.values == (None, 20, 40, 60, 80, 100)
    assert set(reading.repaired) == {1, 2, 3, 5}
    assert "series cumulative 20,40,60,80,100" in reading.evidence()
    broken = read_percent_series(["220/", "200/", "F20/", "600/", "020/", "1000/"])
    assert broken.repaired == {} and all(v is None for v in broken.values)
    assert broken.unread == (0, 1, 2, 3, 4, 5)


@given(st.lists(st.integers(0, 100), min_size=1, max_size=6).map(sorted))
def test_percent_signs_read_as_0_slash_come_back(values):
    garbled = [f"{v}0/" for v in values]
    reading = read_percent_series(garbled)
    assert reading.values == tuple(Decimal(v) for v in values)
