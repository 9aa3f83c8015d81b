-- One row per loaded rendition, with its plan's attributes: the spine every flat view joins.
CREATE OR REPLACE VIEW stg_loaded_documents AS
SELECT
    d.document_id,
    d.plan_id,
    d.commune,
    d.document_id AS source_file,
    d.source_format,
    d.is_current,
    d.status,
    p.plan_kind,
    p.title AS plan_title,
    p.period_start_year,
    p.period_end_year
FROM dim_document AS d
JOIN dim_plan AS p USING (plan_id)
WHERE d.status IN ('interpreted', 'recognised');
