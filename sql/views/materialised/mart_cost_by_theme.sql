-- v_cost_by_theme's rows as a table, rebuilt by loader.warehouse.materialise at the end of every refresh
-- (in the build copy, before the swap).
CREATE OR REPLACE TABLE mart_cost_by_theme AS SELECT * FROM stg_cost_by_theme;
