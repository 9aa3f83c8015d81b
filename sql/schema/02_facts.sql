-- Facts. Every row keeps its lineage: document, table, row, line or page, and raw text where useful.

CREATE TABLE IF NOT EXISTS fact_activity (
    activity_id               VARCHAR PRIMARY KEY,
    document_id               VARCHAR NOT NULL,
    plan_id                   VARCHAR NOT NULL,
    project_id                VARCHAR,
    axis_id                   VARCHAR,
    domain                    VARCHAR,
    domain_no                 INTEGER,
    commitment_no             INTEGER,
    group_label               VARCHAR,
    activity_no               INTEGER,
    title                     VARCHAR NOT NULL,
    title_key                 VARCHAR,     -- folded title: matches renditions and wordings
    cost_mad                  DECIMAL(14, 2),
    year_label                VARCHAR,
    start_date                DATE,
    end_date                  DATE,
    start_text                VARCHAR,     -- a textual start ("in line with the partner's schedule")
    end_text                  VARCHAR,
    weight_in_project_pct     DECIMAL(7, 2),
    weight_in_commitment_pct  DECIMAL(7, 2),
    source_table              INTEGER,
    source_row                INTEGER,
    source_line               INTEGER,
    source_page               INTEGER,
    raw_text                  VARCHAR
);

CREATE TABLE IF NOT EXISTS fact_budget_line (
    activity_id    VARCHAR NOT NULL,
    document_id    VARCHAR NOT NULL,
    budget_column  VARCHAR NOT NULL,       -- 'mobilised' or a year ('2024')
    amount_mad     DECIMAL(14, 2) NOT NULL,
    PRIMARY KEY (activity_id, budget_column)
);

CREATE TABLE IF NOT EXISTS fact_indicator (
    activity_id     VARCHAR NOT NULL,
    document_id     VARCHAR NOT NULL,
    indicator_no    INTEGER NOT NULL,
    indicator_kind  VARCHAR NOT NULL,      -- follow_up | impact
    indicator_text  VARCHAR NOT NULL,
    max_weight_pct  DECIMAL(7, 2),
    source_table    INTEGER,
    source_row      INTEGER,
    PRIMARY KEY (activity_id, indicator_no)
);

CREATE TABLE IF NOT EXISTS fact_progress (
    activity_id             VARCHAR NOT NULL,
    document_id             VARCHAR NOT NULL,
    year                    INTEGER NOT NULL,
    planned_cumulative_pct  DECIMAL(7, 2),
    PRIMARY KEY (activity_id, year)
);

CREATE TABLE IF NOT EXISTS fact_proposal (
    proposal_id        VARCHAR PRIMARY KEY,
    document_id        VARCHAR NOT NULL,
    plan_id            VARCHAR NOT NULL,
    workshop           VARCHAR NOT NULL,
    proposal_no        INTEGER NOT NULL,
    subject            VARCHAR NOT NULL,
    subject_key        VARCHAR,
    domain             VARCHAR,
    outcome            VARCHAR,
    cited_commitments  INTEGER[],
    source_table       INTEGER,
    source_row         INTEGER,
    source_line        INTEGER,
    source_page        INTEGER
);
