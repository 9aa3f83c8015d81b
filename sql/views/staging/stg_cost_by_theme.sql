-- The computation behind v_cost_by_theme (which reads its copy, mart_cost_by_theme, rebuilt at the end of each
-- refresh so that a read is a scan, not a recomputation over every fact).
-- Per commune and plan: cost, projects and activities by canonical theme, and each theme's share
-- of the plan's cost and activities. Projects with no theme are grouped under NULL.
CREATE OR REPLACE VIEW stg_cost_by_theme AS
SELECT
    commune,
    any_value(source_file) AS source_file,
    TRUE AS is_current,
    plan_id,
    any_value(plan_kind) AS plan_kind,
    theme,
    count(*) AS projects,
    sum(activities) AS activities,
    CAST(sum(cost_mad) AS DECIMAL(14, 2)) AS cost_mad,
    round(sum(cost_mad) / nullif(sum(sum(cost_mad)) OVER (PARTITION BY plan_id), 0), 4) AS cost_share,
    round(sum(activities) / nullif(sum(sum(activities)) OVER (PARTITION BY plan_id), 0), 4) AS activity_share
FROM stg_project_costs
GROUP BY commune, plan_id, theme;
