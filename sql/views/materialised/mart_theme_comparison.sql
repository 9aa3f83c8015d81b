-- v_theme_comparison's rows as a table, rebuilt by loader.warehouse.materialise at the end of every refresh
-- (in the build copy, before the swap).
CREATE OR REPLACE TABLE mart_theme_comparison AS SELECT * FROM stg_theme_comparison;
