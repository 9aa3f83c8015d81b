-- Facts of every interpreted rendition under a format-neutral matching key, for comparing
-- renditions of one plan: project by code (else folded title), activity by project + folded
-- title, proposal by number + folded subject.
CREATE OR REPLACE VIEW stg_rendition_facts AS
SELECT d.plan_id, d.document_id, 'activity' AS fact,
       coalesce(p.project_code, p.title_key, '') || ' | ' || a.title_key AS match_key,
       CAST(a.cost_mad AS VARCHAR) AS amount,
       CAST(a.start_date AS VARCHAR) || ' - ' || CAST(a.end_date AS VARCHAR) AS dates
FROM fact_activity AS a
JOIN stg_loaded_documents AS d USING (document_id)
LEFT JOIN dim_project AS p ON p.project_id = a.project_id
WHERE d.status = 'interpreted'
UNION ALL
SELECT d.plan_id, d.document_id, 'project', coalesce(p.project_code, p.title_key),
       CAST(p.cost_mad AS VARCHAR), NULL
FROM dim_project AS p JOIN stg_loaded_documents AS d USING (document_id)
WHERE d.status = 'interpreted'
UNION ALL
SELECT d.plan_id, d.document_id, 'proposal', r.proposal_no || ' | ' || r.subject_key, NULL, NULL
FROM fact_proposal AS r JOIN stg_loaded_documents AS d USING (document_id)
WHERE d.status = 'interpreted'
UNION ALL
SELECT d.plan_id, d.document_id, 'stated measure', s.measure || ' | ' || s.scope, CAST(s.stated_value AS VARCHAR), NULL
FROM plan_stated_measure AS s JOIN stg_loaded_documents AS d USING (document_id)
WHERE d.status = 'interpreted';
