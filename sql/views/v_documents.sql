-- Every file the warehouse knows: format, hash, status (interpreted, recognised, skipped,
-- quarantined) and why, its plan, how it was read (notes), every flagged defect (defects: the
-- extractor's warnings, facts the file does not give, cells kept unread), and what the latest
-- refresh did with it. cell_coverage: share of the printed cells of its recognised tables that facts
-- read (NULL when not accounted; the others are listed in v_unread_cells). read_by_ocr, ocr_pages, ocr_mean_confidence (Tesseract, 0-100) and ocr_notes
-- (why each page was OCR'd) say which renditions came from OCR.
CREATE OR REPLACE VIEW v_documents AS
WITH last_event AS (
    SELECT file_name, outcome, reason, event_at
    FROM etl_file_event
    QUALIFY row_number() OVER (PARTITION BY file_name ORDER BY event_at DESC) = 1
)
SELECT
    d.commune,
    d.document_id AS source_file,
    d.is_current,
    d.source_format AS format,
    d.sha256,
    d.status,
    d.reason,
    d.plan_id,
    p.plan_kind,
    d.pages_or_lines,
    d.extractor,
    len(coalesce(d.ocr_pages, [])) > 0 AS read_by_ocr,
    d.ocr_pages,
    d.ocr_mean_confidence,
    d.ocr_notes,
    d.commune_source,
    d.warnings,
    d.notes,
    f.defects,
    d.cells_printed,
    d.cells_unread,
    CASE WHEN d.cells_printed > 0 THEN round(1 - d.cells_unread / d.cells_printed, 4) END AS cell_coverage,
    d.loaded_at,
    e.outcome AS last_outcome,
    e.reason AS last_reason,
    e.event_at AS last_seen_at
FROM dim_document AS d
LEFT JOIN dim_plan AS p USING (plan_id)
LEFT JOIN stg_rendition_defects AS f USING (document_id)
LEFT JOIN last_event AS e ON e.file_name = d.document_id;
