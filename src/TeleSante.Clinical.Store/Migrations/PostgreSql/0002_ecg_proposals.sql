-- Issue 12: machine proposals of an ECG request (computed once at submission, never changed) with the first
-- suggested-urgent finding for the worklist, and how each signed report version relates to them.
CREATE TABLE ecg_proposals (
  request_id TEXT PRIMARY KEY REFERENCES requests(id),
  status TEXT NOT NULL,
  computed_at BIGINT NOT NULL,
  body TEXT NOT NULL,
  triage_rule TEXT,
  triage_text TEXT,
  triage_at BIGINT
);

CREATE TABLE report_reviews (
  request_id TEXT NOT NULL,
  version BIGINT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (request_id, version),
  FOREIGN KEY (request_id, version) REFERENCES reports(request_id, version)
);

CREATE TRIGGER ecg_proposals_append_only BEFORE UPDATE OR DELETE ON ecg_proposals FOR EACH ROW EXECUTE FUNCTION telesante_refuse_change();
CREATE TRIGGER report_reviews_append_only BEFORE UPDATE OR DELETE ON report_reviews FOR EACH ROW EXECUTE FUNCTION telesante_refuse_change();
