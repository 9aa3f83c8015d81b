-- Every activity (action, numbered item) of every loaded rendition, with its plan, axis, project
-- and lineage. Answers: what does each plan do, at what cost, when, with which weights?
CREATE OR REPLACE VIEW v_activities AS
SELECT
    d.commune,
    d.source_file,
    d.is_current,
    d.plan_id,
    d.plan_kind,
    d.period_start_year,
    d.period_end_year,
    d.source_format,
    coalesce(a.domain, p.domain, x.domain) AS domain,
    x.label AS axis,
    coalesce(p.theme, x.theme) AS theme,
    a.commitment_no,
    a.group_label,
    p.project_code,
    p.project_no,
    p.title AS project_title,
    a.activity_id,
    a.activity_no,
    a.activity_no_printed,
    a.title AS activity_title,
    a.cost_mad,
    a.year_label,
    a.start_date,
    a.end_date,
    a.start_text,
    a.end_text,
    a.weight_in_project_pct,
    a.weight_in_commitment_pct,
    a.source_table,
    a.source_row,
    a.source_line,
    a.source_page
FROM fact_activity AS a
JOIN stg_loaded_documents AS d USING (document_id)
LEFT JOIN dim_project AS p ON p.project_id = a.project_id
LEFT JOIN dim_axis AS x ON x.axis_id = coalesce(a.axis_id, p.axis_id);
