-- Co-creation proposals per workshop, with their domain, outcome and the commitments cited.
CREATE OR REPLACE VIEW v_proposals AS
SELECT
    d.commune,
    d.source_file,
    d.is_current,
    d.plan_id,
    r.workshop,
    r.workshop_fr,
    r.proposal_no,
    r.subject,
    r.domain,
    r.domain_fr,
    r.outcome,
    r.cited_commitments,
    r.source_table,
    r.source_row,
    r.source_line,
    r.source_page
FROM fact_proposal AS r
JOIN stg_loaded_documents AS d USING (document_id);
