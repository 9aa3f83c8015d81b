-- Facts of every interpreted rendition under a format-neutral matching key, for comparing renditions
-- of one plan. The key is the fact's place in the plan, not its wording, so that titles can be
-- compared too: project by code, else its number, else folded title; activity by its project and its
-- printed number, else its rank within the project; proposal by workshop and number; stated measure
-- by measure and scope. title_key is the folded title (normalizers.arabic.fold_key); amount the
-- figures (an activity's cost and weights, a project's cost, a stated value); dates an activity's
-- start and end; placement where a fact sits beyond its key (an activity's domain and commitment,
-- a proposal's domain and the commitments its outcome cites).
CREATE OR REPLACE VIEW stg_rendition_facts AS
WITH projects AS (
    -- A project number counts as a key only where it is unique in its document (the Tétouan action
    -- plan numbers its groups within each commitment).
    SELECT p.*,
           coalesce(
               p.project_code,
               CASE WHEN count(*) OVER (PARTITION BY p.document_id, p.project_no) = 1
                    THEN 'no ' || p.project_no END,
               p.title_key, ''
           ) AS project_key
    FROM dim_project AS p
),
activities AS (
    SELECT a.*, pr.project_key,
           row_number() OVER (
               PARTITION BY a.document_id, a.project_id
               ORDER BY CAST(split_part(a.activity_id, '#', 3) AS INTEGER)
           ) AS rank_in_project
    FROM fact_activity AS a
    LEFT JOIN projects AS pr USING (project_id)
)
SELECT d.plan_id, d.document_id, 'activity' AS fact,
       coalesce(a.project_key, '') || ' | '
           || CASE WHEN a.activity_no_printed THEN 'no ' || a.activity_no ELSE '#' || a.rank_in_project END
           AS match_key,
       a.title_key,
       -- cost and the two weights: the figures an activity carries
       coalesce(CAST(a.cost_mad AS VARCHAR), '') || ' | '
           || coalesce(CAST(a.weight_in_project_pct AS VARCHAR), '') || ' | '
           || coalesce(CAST(a.weight_in_commitment_pct AS VARCHAR), '') AS amount,
       coalesce(CAST(a.start_date AS VARCHAR), '') || ' - ' || coalesce(CAST(a.end_date AS VARCHAR), '')
           AS dates,
       coalesce(CAST(a.domain_no AS VARCHAR), '') || ' | ' || coalesce(CAST(a.commitment_no AS VARCHAR), '')
           AS placement
FROM activities AS a
JOIN stg_loaded_documents AS d USING (document_id)
WHERE d.status = 'interpreted'
UNION ALL
SELECT d.plan_id, d.document_id, 'project', p.project_key, p.title_key, CAST(p.cost_mad AS VARCHAR), NULL,
       NULL
FROM projects AS p JOIN stg_loaded_documents AS d USING (document_id)
WHERE d.status = 'interpreted'
UNION ALL
SELECT d.plan_id, d.document_id, 'proposal', r.workshop || ' | ' || r.proposal_no, r.subject_key, NULL, NULL,
       -- where the proposal went: its domain and the commitments its outcome cites
       coalesce(regexp_replace(r.domain, '\s+', ' ', 'g'), '') || ' | '
           || coalesce(CAST(r.cited_commitments AS VARCHAR), '')
FROM fact_proposal AS r JOIN stg_loaded_documents AS d USING (document_id)
WHERE d.status = 'interpreted'
UNION ALL
SELECT d.plan_id, d.document_id, 'stated measure', s.measure || ' | ' || s.scope, NULL,
       CAST(s.stated_value AS VARCHAR), NULL, NULL
FROM plan_stated_measure AS s JOIN stg_loaded_documents AS d USING (document_id)
WHERE d.status = 'interpreted';
