-- Every flagged defect of a loaded rendition as one list: the extractor's warnings (text in visual
-- order, glyphs printed over letters ...), what the interpreter found the file does not give
-- (defects: a column whose unit is unknown among them), and cells kept unread as unreadable (v_repairs
-- rows of kind 'unreadable'; cells no fact reads are counted in v_documents.cell_coverage instead). Read by the current-rendition
-- rule and by v_rendition_agreement.
CREATE OR REPLACE VIEW stg_rendition_defects AS
WITH unread AS (
    SELECT document_id, count(*) AS cells
    FROM quality_repair
    WHERE repair_kind = 'unreadable'
    GROUP BY ALL
)
SELECT
    d.document_id,
    coalesce(d.warnings, []::VARCHAR[])
    || coalesce(d.defects, []::VARCHAR[])
    || CASE WHEN u.cells > 0 THEN [u.cells || ' cell(s) kept unread (v_repairs, is_flag)'] ELSE []::VARCHAR[] END
        AS defects
FROM dim_document AS d
LEFT JOIN unread AS u USING (document_id);
