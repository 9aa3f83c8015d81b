-- Every value a repair moved or rewrote (shift, carry-down, join-wrapped, page-break-join,
-- reorder-columns, garbage-to-number, split-name-join, dedupe-ocr-row, domain-from-numbering,
-- repeated-heading, code-fix, header-by-content), with before, after and the evidence used; 'unreadable' rows flag a
-- cell kept out unread (its raw text in before_text, nothing guessed), 'unit-unknown' a column of
-- figures whose unit (MAD or million MAD) the headers do not establish, 'unread-cell' a printed
-- cell no fact reads (v_unread_cells), 'ocr-low-confidence' a text OCR read with low confidence
-- (kept as read): is_flag marks them.
CREATE OR REPLACE VIEW v_repairs AS
SELECT
    d.commune,
    d.document_id AS source_file,
    d.is_current,
    d.plan_id,
    r.repair_no,
    r.source_table,
    r.source_row,
    r.source_col,
    r.repair_kind,
    r.repair_kind IN ('unreadable', 'unit-unknown', 'unread-cell', 'ocr-low-confidence') AS is_flag,
    r.before_text,
    r.after_text,
    r.evidence
FROM quality_repair AS r
JOIN dim_document AS d USING (document_id);
