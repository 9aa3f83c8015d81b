-- Per commune, where known: workshops held, proposals collected in them -> proposals whose
-- outcome cites a commitment (taken up) -> commitments cited -> commitments in the action plan.
-- Cited commitments use the co-creation stage's numbering, which can differ from the action plan's.
CREATE OR REPLACE VIEW v_cocreation_funnel AS
WITH proposals AS (
    SELECT
        commune,
        any_value(source_file) AS source_file,
        count(DISTINCT workshop) AS workshops,
        count(*) AS proposals,
        count(*) FILTER (WHERE len(cited_commitments) > 0) AS proposals_taken_up,
        -- one proposal can cite several commitments: count them from the flattened lists
        len(list_distinct(flatten(list(cited_commitments)))) AS commitments_cited
    FROM v_proposals
    WHERE is_current
    GROUP BY commune
),
action_plans AS (
    SELECT commune, count(DISTINCT commitment_no) AS commitments_in_action_plan
    FROM v_activities WHERE is_current AND plan_kind = 'action_plan' AND commitment_no IS NOT NULL
    GROUP BY commune
)
SELECT
    p.commune,
    p.source_file,
    TRUE AS is_current,
    p.workshops,
    p.proposals,
    p.proposals_taken_up,
    round(p.proposals_taken_up / nullif(p.proposals, 0), 3) AS share_taken_up,
    p.commitments_cited,
    a.commitments_in_action_plan
FROM proposals AS p
LEFT JOIN action_plans AS a USING (commune);
