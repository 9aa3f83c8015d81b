-- Computed by staging/stg_plan_summary.sql (what each column means is described there and in
-- catalog/descriptions.toml), read from its copy built at the end of each refresh
-- (materialised/mart_plan_summary.sql).
CREATE OR REPLACE VIEW v_plan_summary AS
SELECT * FROM mart_plan_summary;
