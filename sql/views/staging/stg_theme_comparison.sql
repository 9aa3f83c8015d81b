-- The computation behind v_theme_comparison (which reads its copy, mart_theme_comparison, rebuilt at the end of each
-- refresh so that a read is a scan, not a recomputation over every fact).
-- Across communes, theme by theme: each current plan's share of its cost and of its activities in
-- that canonical theme (0 where it has none), with its rank among the plans (1 = largest share).
-- Plans that state no costs get no cost share and no cost rank.
CREATE OR REPLACE VIEW stg_theme_comparison AS
WITH plans AS (
    SELECT commune, any_value(source_file) AS source_file, plan_id, any_value(plan_kind) AS plan_kind,
           sum(cost_mad) IS NOT NULL AS is_costed
    FROM stg_cost_by_theme GROUP BY commune, plan_id
),
grid AS (
    SELECT
        p.commune, p.source_file, p.plan_id, p.plan_kind, p.is_costed, t.theme,
        coalesce(b.projects, 0) AS projects,
        coalesce(b.activities, 0) AS activities,
        CASE WHEN p.is_costed THEN coalesce(b.cost_mad, 0) END AS cost_mad,
        CASE WHEN p.is_costed THEN coalesce(b.cost_share, 0) END AS cost_share,
        coalesce(b.activity_share, 0) AS activity_share
    FROM plans AS p
    CROSS JOIN (SELECT DISTINCT theme FROM stg_cost_by_theme) AS t
    LEFT JOIN stg_cost_by_theme AS b ON b.plan_id = p.plan_id AND b.theme IS NOT DISTINCT FROM t.theme
)
SELECT
    commune,
    source_file,
    TRUE AS is_current,
    plan_id,
    plan_kind,
    theme,
    projects,
    activities,
    cost_mad,
    cost_share,
    activity_share,
    CASE WHEN is_costed THEN rank() OVER (PARTITION BY theme, is_costed ORDER BY cost_share DESC) END
        AS rank_cost_share,
    rank() OVER (PARTITION BY theme ORDER BY activity_share DESC) AS rank_activity_share
FROM grid;
