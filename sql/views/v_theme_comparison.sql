-- Computed by staging/stg_theme_comparison.sql (what each column means is described there and in
-- catalog/descriptions.toml), read from its copy built at the end of each refresh
-- (materialised/mart_theme_comparison.sql).
CREATE OR REPLACE VIEW v_theme_comparison AS
SELECT * FROM mart_theme_comparison;
