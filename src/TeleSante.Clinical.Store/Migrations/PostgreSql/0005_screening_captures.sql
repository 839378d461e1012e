-- Issue 13: the capture protocol of a screening visit. Every photograph of a protocol field (eye OD/OS, field
-- MaculaCentred/DiscCentred) with the quality gate's verdict at upload; a retake of the same eye and field supersedes
-- the earlier capture (superseded_by = the retake's image id), which is kept. At most one current capture per field.
CREATE TABLE screening_captures (
  visit_id TEXT NOT NULL REFERENCES screening_visits(consultation_id),
  image_id BIGINT NOT NULL,
  device_id TEXT NOT NULL,
  capture_id TEXT NOT NULL,
  eye TEXT NOT NULL,
  field TEXT NOT NULL,
  captured_at BIGINT NOT NULL,
  recorded_at BIGINT NOT NULL,
  verdict TEXT NOT NULL,
  reasons TEXT NOT NULL,
  superseded_by BIGINT,
  superseded_at BIGINT,
  PRIMARY KEY (visit_id, image_id)
);

CREATE UNIQUE INDEX screening_captures_current ON screening_captures (visit_id, eye, field) WHERE superseded_by IS NULL;

CREATE TRIGGER screening_captures_kept BEFORE DELETE ON screening_captures FOR EACH ROW EXECUTE FUNCTION telesante_refuse_change();

-- A visit reaches the graders' worklist once the operator sends it; an incomplete one carries the fields and the reason.
ALTER TABLE screening_visits ADD COLUMN sent_at BIGINT;
ALTER TABLE screening_visits ADD COLUMN sent_by TEXT REFERENCES practitioners(id);
ALTER TABLE screening_visits ADD COLUMN incomplete_fields TEXT;
ALTER TABLE screening_visits ADD COLUMN incomplete_reason TEXT;

-- Visits registered before this migration were in the worklist from registration: they stay there.
UPDATE screening_visits SET sent_at = registered_at, sent_by = registered_by;
