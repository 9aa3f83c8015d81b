-- Annual programming: each activity's amount per budget column ('mobilised' credits or a year).
CREATE OR REPLACE VIEW v_budget_lines AS
SELECT
    d.commune,
    d.source_file,
    d.is_current,
    d.plan_id,
    p.project_code,
    a.activity_id,
    a.title AS activity_title,
    b.budget_column,
    b.amount_mad
FROM fact_budget_line AS b
JOIN fact_activity AS a USING (activity_id)
JOIN stg_loaded_documents AS d ON d.document_id = b.document_id
LEFT JOIN dim_project AS p ON p.project_id = a.project_id;
