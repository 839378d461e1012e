-- Issue 12: machine proposals of an ECG request (computed once at submission, never changed) with the first
-- suggested-urgent finding for the worklist, and how each signed report version relates to them.
CREATE TABLE ecg_proposals (
  request_id TEXT PRIMARY KEY REFERENCES requests(id),
  status TEXT NOT NULL,
  computed_at INTEGER NOT NULL,
  body TEXT NOT NULL,
  triage_rule TEXT,
  triage_text TEXT,
  triage_at INTEGER
);

CREATE TABLE report_reviews (
  request_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (request_id, version),
  FOREIGN KEY (request_id, version) REFERENCES reports(request_id, version)
);

CREATE TRIGGER ecg_proposals_no_update BEFORE UPDATE ON ecg_proposals BEGIN SELECT RAISE(ABORT, 'proposals are kept as computed'); END;
CREATE TRIGGER ecg_proposals_no_delete BEFORE DELETE ON ecg_proposals BEGIN SELECT RAISE(ABORT, 'proposals are kept as computed'); END;
CREATE TRIGGER report_reviews_no_update BEFORE UPDATE ON report_reviews BEGIN SELECT RAISE(ABORT, 'signed reports are immutable'); END;
CREATE TRIGGER report_reviews_no_delete BEFORE DELETE ON report_reviews BEGIN SELECT RAISE(ABORT, 'signed reports are immutable'); END;
