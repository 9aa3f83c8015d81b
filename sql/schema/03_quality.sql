-- What documents state about themselves, the repairs we made, and each refresh's outcome per file.

CREATE TABLE IF NOT EXISTS plan_stated_measure (
    document_id   VARCHAR NOT NULL,
    plan_id       VARCHAR NOT NULL,
    measure       VARCHAR NOT NULL,        -- total_cost_mad, project_count, activity_count, budget_<column>_mad ...
    scope         VARCHAR NOT NULL,        -- '' for the whole plan, else e.g. a domain
    stated_value  DECIMAL(18, 2) NOT NULL,
    source_table  INTEGER,
    source_row    INTEGER,
    source_line   INTEGER,
    source_page   INTEGER,
    raw_text      VARCHAR,
    PRIMARY KEY (document_id, measure, scope)
);

CREATE TABLE IF NOT EXISTS quality_repair (
    document_id   VARCHAR NOT NULL,
    repair_no     INTEGER NOT NULL,
    source_table  INTEGER,
    source_row    INTEGER,
    repair_kind   VARCHAR NOT NULL,
    before_text   VARCHAR,
    after_text    VARCHAR,
    evidence      VARCHAR,
    PRIMARY KEY (document_id, repair_no)
);

CREATE TABLE IF NOT EXISTS etl_run (
    run_id       VARCHAR PRIMARY KEY,
    started_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP,
    raw_dir      VARCHAR,
    loaded       INTEGER,
    unchanged    INTEGER,
    skipped      INTEGER,
    quarantined  INTEGER
);

CREATE TABLE IF NOT EXISTS etl_file_event (
    run_id       VARCHAR NOT NULL,
    file_name    VARCHAR NOT NULL,
    sha256       VARCHAR,
    outcome      VARCHAR NOT NULL,         -- loaded | unchanged | skipped | quarantined
    reason       VARCHAR,
    event_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (run_id, file_name)
);
