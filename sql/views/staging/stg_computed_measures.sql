-- What the loaded facts add up to, per document, in the vocabulary of plan_stated_measure.
-- total_cost_mad: sum of activity costs where activities carry costs, else sum of project costs.
CREATE OR REPLACE VIEW stg_computed_measures AS
WITH activity_totals AS (
    SELECT document_id, count(*) AS activities, sum(cost_mad) AS activity_cost, count(cost_mad) AS costed
    FROM fact_activity GROUP BY document_id
),
project_totals AS (
    SELECT document_id, count(*) AS projects, sum(cost_mad) AS project_cost
    FROM dim_project GROUP BY document_id
),
budget_totals AS (
    SELECT document_id, 'budget_' || budget_column || '_mad' AS measure, sum(amount_mad) AS value
    FROM fact_budget_line GROUP BY document_id, budget_column
),
proposal_totals AS (
    SELECT document_id, count(*) AS proposals FROM fact_proposal GROUP BY document_id
)
SELECT d.document_id, m.measure, '' AS scope, m.value
FROM stg_loaded_documents AS d
LEFT JOIN activity_totals AS a USING (document_id)
LEFT JOIN project_totals AS p USING (document_id)
LEFT JOIN proposal_totals AS r USING (document_id)
CROSS JOIN LATERAL (
    VALUES
        ('total_cost_mad',
         CAST(CASE WHEN coalesce(a.costed, 0) > 0 THEN a.activity_cost ELSE p.project_cost END AS DECIMAL(18, 2))),
        ('project_count', CAST(coalesce(p.projects, 0) AS DECIMAL(18, 2))),
        ('activity_count', CAST(coalesce(a.activities, 0) AS DECIMAL(18, 2))),
        ('proposal_count', CAST(coalesce(r.proposals, 0) AS DECIMAL(18, 2)))
) AS m(measure, value)
UNION ALL
SELECT document_id, measure, '' AS scope, CAST(value AS DECIMAL(18, 2)) FROM budget_totals;
