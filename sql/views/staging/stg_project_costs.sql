-- Each project's cost for comparisons: the sum of its activities' costs where the plan costs its
-- activities, else the project's own stated cost. Current renditions only.
CREATE OR REPLACE VIEW stg_project_costs AS
SELECT
    d.commune,
    d.plan_id,
    d.plan_kind,
    d.source_file,
    p.project_id,
    coalesce(p.theme, x.theme) AS theme,
    CASE WHEN count(a.cost_mad) > 0 THEN sum(a.cost_mad) ELSE any_value(p.cost_mad) END AS cost_mad,
    count(a.activity_id) AS activities
FROM dim_project AS p
JOIN stg_loaded_documents AS d USING (document_id)
LEFT JOIN dim_axis AS x ON x.axis_id = p.axis_id
LEFT JOIN fact_activity AS a ON a.project_id = p.project_id
WHERE d.is_current
GROUP BY ALL;
