-- Follow-up and impact indicators of each activity with their maximum weight.
CREATE OR REPLACE VIEW v_indicators AS
SELECT
    d.commune,
    d.source_file,
    d.is_current,
    d.plan_id,
    p.project_code,
    a.activity_id,
    a.title AS activity_title,
    i.indicator_no,
    i.indicator_kind,
    i.indicator_text,
    i.max_weight_pct
FROM fact_indicator AS i
JOIN fact_activity AS a USING (activity_id)
JOIN stg_loaded_documents AS d ON d.document_id = i.document_id
LEFT JOIN dim_project AS p ON p.project_id = a.project_id;
