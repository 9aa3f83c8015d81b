-- Every project with its axis, objectives, stated cost and number of activities.
CREATE OR REPLACE VIEW v_projects AS
SELECT
    d.commune,
    d.source_file,
    d.is_current,
    d.plan_id,
    d.plan_kind,
    x.label AS axis,
    coalesce(p.theme, x.theme) AS theme,
    p.domain,
    p.project_id,
    p.project_code,
    p.project_no,
    p.title AS project_title,
    p.objectives,
    p.partners,
    p.cost_mad AS project_cost_mad,
    (SELECT count(*) FROM fact_activity AS a WHERE a.project_id = p.project_id) AS activity_count,
    p.source_table,
    p.source_row,
    p.source_line,
    p.source_page
FROM dim_project AS p
JOIN stg_loaded_documents AS d USING (document_id)
LEFT JOIN dim_axis AS x ON x.axis_id = p.axis_id;
