-- What the loaded facts add up to, per document and scope, in the vocabulary of plan_stated_measure.
-- Whole plan (scope ''): total_cost_mad is the sum of activity costs where activities carry costs,
-- else the sum of project costs; counts of projects, activities, proposals; budget per column.
-- Per domain ('domain N'): axes, projects and activities. Per commitment ('commitment N'): the sum
-- of the activities' weights in their commitment.
CREATE OR REPLACE VIEW stg_computed_measures AS
WITH activity_totals AS (
    SELECT document_id, count(*) AS activities, sum(cost_mad) AS activity_cost, count(cost_mad) AS costed
    FROM fact_activity GROUP BY document_id
),
project_totals AS (
    SELECT document_id, count(*) AS projects, sum(cost_mad) AS project_cost
    FROM dim_project GROUP BY document_id
),
proposal_totals AS (
    SELECT document_id, count(*) AS proposals FROM fact_proposal GROUP BY document_id
),
whole_plan AS (
    SELECT d.document_id, m.measure, '' AS scope, m.value
    FROM stg_loaded_documents AS d
    LEFT JOIN activity_totals AS a USING (document_id)
    LEFT JOIN project_totals AS p USING (document_id)
    LEFT JOIN proposal_totals AS r USING (document_id)
    CROSS JOIN LATERAL (
        VALUES
            ('total_cost_mad',
             CASE WHEN coalesce(a.costed, 0) > 0 THEN a.activity_cost ELSE p.project_cost END),
            ('project_count', coalesce(p.projects, 0)),
            ('activity_count', coalesce(a.activities, 0)),
            ('proposal_count', coalesce(r.proposals, 0))
    ) AS m(measure, value)
),
budget AS (
    SELECT document_id, 'budget_' || budget_column || '_mad' AS measure, '' AS scope, sum(amount_mad) AS value
    FROM fact_budget_line GROUP BY ALL
),
per_domain AS (
    SELECT document_id, m.measure, 'domain ' || domain_no AS scope, m.value
    FROM (
        SELECT document_id, domain_no,
               count(DISTINCT axis_id) AS axes,
               count(DISTINCT project_id) AS projects,
               count(*) AS activities
        FROM fact_activity WHERE domain_no IS NOT NULL GROUP BY ALL
    )
    CROSS JOIN LATERAL (VALUES ('axis_count', axes), ('project_count', projects), ('activity_count', activities))
        AS m(measure, value)
),
domain_totals AS (
    SELECT document_id, measure, '' AS scope, sum(value) AS value
    FROM per_domain WHERE measure = 'axis_count' GROUP BY ALL
),
per_commitment AS (
    SELECT document_id, 'weight_in_commitment_sum_pct' AS measure, 'commitment ' || commitment_no AS scope,
           sum(weight_in_commitment_pct) AS value
    FROM fact_activity WHERE commitment_no IS NOT NULL GROUP BY ALL
)
SELECT document_id, measure, scope, CAST(value AS DECIMAL(18, 2)) AS value
FROM (
    SELECT * FROM whole_plan
    UNION ALL SELECT * FROM budget
    UNION ALL SELECT * FROM per_domain
    UNION ALL SELECT * FROM domain_totals
    UNION ALL SELECT * FROM per_commitment
);
