-- Every value a repair moved or rewrote (shift, carry-down, join-wrapped, reorder-columns,
-- garbage-to-number, split-name-join, code-fix), with before, after and the evidence used.
CREATE OR REPLACE VIEW v_repairs AS
SELECT
    d.commune,
    d.document_id AS source_file,
    d.is_current,
    d.plan_id,
    r.repair_no,
    r.source_table,
    r.source_row,
    r.repair_kind,
    r.before_text,
    r.after_text,
    r.evidence
FROM quality_repair AS r
JOIN dim_document AS d USING (document_id);
