-- Computed by staging/stg_cost_by_theme.sql (what each column means is described there and in
-- catalog/descriptions.toml), read from its copy built at the end of each refresh
-- (materialised/mart_cost_by_theme.sql).
CREATE OR REPLACE VIEW v_cost_by_theme AS
SELECT * FROM mart_cost_by_theme;
