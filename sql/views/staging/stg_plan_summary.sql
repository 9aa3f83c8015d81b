-- The computation behind v_plan_summary (which reads its copy, mart_plan_summary, rebuilt at the end of each
-- refresh so that a read is a scan, not a recomputation over every fact).
-- Per commune and plan (current rendition): how many projects and activities, total and mean
-- cost, timeline span (first start to last end of its dated activities) and activities per year
-- of that span, share of activities with dates, indicators per activity.
CREATE OR REPLACE VIEW stg_plan_summary AS
WITH activities AS (
    SELECT
        a.plan_id,
        count(*) AS activities,
        count(a.start_date) FILTER (WHERE a.end_date IS NOT NULL) AS dated_activities,
        min(a.start_date) AS first_start,
        max(a.end_date) AS last_end,
        sum((SELECT count(*) FROM fact_indicator AS i WHERE i.activity_id = a.activity_id)) AS indicators
    FROM fact_activity AS a
    JOIN stg_loaded_documents AS d USING (document_id)
    WHERE d.is_current
    GROUP BY a.plan_id
),
projects AS (
    SELECT plan_id, count(*) AS projects, sum(cost_mad) AS total_cost_mad
    FROM stg_project_costs GROUP BY plan_id
)
SELECT
    d.commune,
    d.source_file,
    d.is_current,
    d.plan_id,
    d.plan_kind,
    d.period_start_year,
    d.period_end_year,
    coalesce(p.projects, 0) AS projects,
    coalesce(a.activities, 0) AS activities,
    CAST(p.total_cost_mad AS DECIMAL(14, 2)) AS total_cost_mad,
    CAST(p.total_cost_mad / nullif(p.projects, 0) AS DECIMAL(14, 2)) AS mean_cost_per_project_mad,
    CAST(p.total_cost_mad / nullif(a.activities, 0) AS DECIMAL(14, 2)) AS mean_cost_per_activity_mad,
    a.first_start,
    a.last_end,
    year(a.last_end) - year(a.first_start) + 1 AS timeline_years,
    round(a.activities / (year(a.last_end) - year(a.first_start) + 1), 1) AS activities_per_timeline_year,
    round(a.dated_activities / nullif(a.activities, 0), 3) AS share_activities_dated,
    round(a.indicators / nullif(a.activities, 0), 2) AS indicators_per_activity
FROM stg_loaded_documents AS d
LEFT JOIN activities AS a USING (plan_id)
LEFT JOIN projects AS p USING (plan_id)
WHERE d.is_current;
