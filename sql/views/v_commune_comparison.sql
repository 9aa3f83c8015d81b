-- Across communes, side by side: each current plan's measures and its rank among plans of the
-- same kind (1 = largest). Answers "which commune plans more, spends more, dates more?".
CREATE OR REPLACE VIEW v_commune_comparison AS
SELECT
    commune,
    source_file,
    is_current,
    plan_id,
    plan_kind,
    projects,
    activities,
    total_cost_mad,
    mean_cost_per_activity_mad,
    timeline_years,
    share_activities_dated,
    indicators_per_activity,
    rank() OVER (PARTITION BY plan_kind ORDER BY total_cost_mad DESC NULLS LAST) AS rank_total_cost,
    rank() OVER (PARTITION BY plan_kind ORDER BY activities DESC) AS rank_activities,
    rank() OVER (PARTITION BY plan_kind ORDER BY projects DESC) AS rank_projects,
    rank() OVER (PARTITION BY plan_kind ORDER BY mean_cost_per_activity_mad DESC NULLS LAST)
        AS rank_mean_cost_per_activity
FROM v_plan_summary;
