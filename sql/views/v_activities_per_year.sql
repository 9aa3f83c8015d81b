-- Per commune and plan: how many dated activities run in each calendar year (an activity from
-- 2024-01-01 to 2025-06-30 counts in 2024 and in 2025).
CREATE OR REPLACE VIEW v_activities_per_year AS
SELECT
    a.commune,
    a.source_file,
    a.is_current,
    a.plan_id,
    a.plan_kind,
    y.year,
    count(*) AS activities,
    CAST(sum(a.cost_mad) AS DECIMAL(14, 2)) AS cost_mad_of_those_activities
FROM v_activities AS a
CROSS JOIN LATERAL (SELECT unnest(range(year(a.start_date), year(a.end_date) + 1)) AS year) AS y
WHERE a.is_current AND a.start_date IS NOT NULL AND a.end_date IS NOT NULL AND a.start_date <= a.end_date
GROUP BY ALL;
