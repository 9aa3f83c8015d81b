-- Planned cumulative completion rate of each action per year (communal action programmes).
CREATE OR REPLACE VIEW v_progress AS
SELECT
    d.commune,
    d.source_file,
    d.is_current,
    d.plan_id,
    a.domain_no,
    coalesce(a.domain, p.domain, x.domain) AS domain,
    x.label AS axis,
    p.title AS project_title,
    a.activity_id,
    a.title AS activity_title,
    a.cost_mad,
    g.year,
    g.planned_cumulative_pct
FROM fact_progress AS g
JOIN fact_activity AS a USING (activity_id)
JOIN stg_loaded_documents AS d ON d.document_id = g.document_id
LEFT JOIN dim_project AS p ON p.project_id = a.project_id
LEFT JOIN dim_axis AS x ON x.axis_id = coalesce(a.axis_id, p.axis_id);
