-- Across communes, side by side: each current plan's measures and its rank among the plans of the
-- same kind (1 = largest; plans_of_kind says out of how many). Answers "which commune plans more,
-- spends more, dates more?".
CREATE OR REPLACE VIEW v_commune_comparison AS
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
    rank() OVER (PARTITION BY s.plan_kind ORDER BY s.total_cost_mad DESC NULLS LAST) AS rank_total_cost,
    rank() OVER (PARTITION BY s.plan_kind ORDER BY s.activities DESC) AS rank_activities,
    rank() OVER (PARTITION BY s.plan_kind ORDER BY s.projects DESC) AS rank_projects,
    rank() OVER (PARTITION BY s.plan_kind ORDER BY s.mean_cost_per_project_mad DESC NULLS LAST)
        AS rank_mean_cost_per_project,
    rank() OVER (PARTITION BY s.plan_kind ORDER BY s.mean_cost_per_activity_mad DESC NULLS LAST)
        AS rank_mean_cost_per_activity,
    rank() OVER (PARTITION BY s.plan_kind ORDER BY s.share_activities_dated DESC NULLS LAST)
        AS rank_share_activities_dated,
    rank() OVER (PARTITION BY s.plan_kind ORDER BY s.indicators_per_activity DESC NULLS LAST)
        AS rank_indicators_per_activity
FROM v_plan_summary AS s
LEFT JOIN dim_commune AS c ON c.commune = s.commune;
