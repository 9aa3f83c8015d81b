-- Every table holding one document's rows carries its document's is_current (set by
-- loader.warehouse.mark_current_renditions at the end of each refresh), so that a naive
-- SUM(fact_activity.cost_mad) WHERE is_current counts each plan once: the tables keep every
-- rendition of a plan, which v_rendition_agreement compares.
ALTER TABLE dim_axis ADD COLUMN IF NOT EXISTS is_current BOOLEAN DEFAULT FALSE;
ALTER TABLE dim_project ADD COLUMN IF NOT EXISTS is_current BOOLEAN DEFAULT FALSE;
ALTER TABLE fact_activity ADD COLUMN IF NOT EXISTS is_current BOOLEAN DEFAULT FALSE;
ALTER TABLE fact_budget_line ADD COLUMN IF NOT EXISTS is_current BOOLEAN DEFAULT FALSE;
ALTER TABLE fact_indicator ADD COLUMN IF NOT EXISTS is_current BOOLEAN DEFAULT FALSE;
ALTER TABLE fact_progress ADD COLUMN IF NOT EXISTS is_current BOOLEAN DEFAULT FALSE;
ALTER TABLE fact_proposal ADD COLUMN IF NOT EXISTS is_current BOOLEAN DEFAULT FALSE;
ALTER TABLE plan_stated_measure ADD COLUMN IF NOT EXISTS is_current BOOLEAN DEFAULT FALSE;
ALTER TABLE quality_repair ADD COLUMN IF NOT EXISTS is_current BOOLEAN DEFAULT FALSE;
