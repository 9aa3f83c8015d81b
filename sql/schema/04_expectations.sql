-- Data-quality expectations run after each refresh (expectations/run.py). A failed expectation
-- never deletes or changes data: it is recorded here and shown in v_quality_results.

CREATE TABLE IF NOT EXISTS quality_run (
    run_id       VARCHAR PRIMARY KEY,
    run_at       TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP NOT NULL,
    documents    INTEGER NOT NULL,         -- documents validated
    evaluated    INTEGER NOT NULL,         -- expectations evaluated
    failed       INTEGER NOT NULL,
    docs_index   VARCHAR,                  -- the Data Docs index.html of this run
    gx_version   VARCHAR
);

CREATE TABLE IF NOT EXISTS quality_result (
    run_id       VARCHAR NOT NULL,
    result_no    INTEGER NOT NULL,
    run_at       TIMESTAMP NOT NULL,
    document_id  VARCHAR,                  -- NULL for a check of the whole warehouse
    suite        VARCHAR NOT NULL,         -- the table checked (fact_activity ...), or reconciliation, lineage
    expectation  VARCHAR NOT NULL,         -- readable: 'cost_mad >= 0', 'project_id -> dim_project' ...
    success      BOOLEAN NOT NULL,
    observed     VARCHAR,                  -- what was found: 'stated 330000.00, computed 360000.00'
    details      VARCHAR,                  -- the full result as JSON (expectation type, arguments, counts)
    PRIMARY KEY (run_id, result_no)
);
