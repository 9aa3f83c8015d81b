-- The computation behind v_commune_comparison (which reads its copy, mart_commune_comparison, rebuilt at the end of each
-- refresh so that a read is a scan, not a recomputation over every fact).
-- Across communes, side by side: each current plan's measures and its rank among the plans of the
-- same kind (1 = largest; plans_of_kind says out of how many). Answers "which commune plans more,
-- spends more, dates more?". A plan without a measure (no costs) is not ranked on it (NULL).
CREATE OR REPLACE VIEW stg_commune_comparison AS
SELECT
    s.commune,
    c.name_fr AS commune_name_fr,
    c.name_ar AS commune_name_ar,
    s.source_file,
    s.is_current,
    s.plan_id,
    s.plan_kind,
    s.period_start_year,
    s.period_end_year,
    s.projects,
    s.activities,
    s.total_cost_mad,
    s.mean_cost_per_project_mad,
    s.mean_cost_per_activity_mad,
    s.first_start,
    s.last_end,
    s.timeline_years,
    s.activities_per_timeline_year,
    s.share_activities_dated,
    s.indicators_per_activity,
    count(*) OVER (PARTITION BY s.plan_kind) AS plans_of_kind,
    CASE WHEN s.total_cost_mad IS NOT NULL
        THEN rank() OVER (PARTITION BY s.plan_kind, s.total_cost_mad IS NULL ORDER BY s.total_cost_mad DESC) END AS rank_total_cost,
    rank() OVER (PARTITION BY s.plan_kind ORDER BY s.activities DESC) AS rank_activities,
    rank() OVER (PARTITION BY s.plan_kind ORDER BY s.projects DESC) AS rank_projects,
    CASE WHEN s.mean_cost_per_project_mad IS NOT NULL
        THEN rank() OVER (PARTITION BY s.plan_kind, s.mean_cost_per_project_mad IS NULL ORDER BY s.mean_cost_per_project_mad DESC) END
        AS rank_mean_cost_per_project,
    CASE WHEN s.mean_cost_per_activity_mad IS NOT NULL
        THEN rank() OVER (PARTITION BY s.plan_kind, s.mean_cost_per_activity_mad IS NULL ORDER BY s.mean_cost_per_activity_mad DESC) END
        AS rank_mean_cost_per_activity,
    CASE WHEN s.share_activities_dated IS NOT NULL
        THEN rank() OVER (PARTITION BY s.plan_kind, s.share_activities_dated IS NULL ORDER BY s.share_activities_dated DESC) END
        AS rank_share_activities_dated,
    CASE WHEN s.indicators_per_activity IS NOT NULL
        THEN rank() OVER (PARTITION BY s.plan_kind, s.indicators_per_activity IS NULL ORDER BY s.indicators_per_activity DESC) END
        AS rank_indicators_per_activity
FROM stg_plan_summary AS s
LEFT JOIN dim_commune AS c ON c.commune = s.commune;
