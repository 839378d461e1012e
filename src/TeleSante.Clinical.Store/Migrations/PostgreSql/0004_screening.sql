-- Issue 13: diabetic retinopathy screening campaigns. Dates are ISO yyyy-MM-dd text, times Unix milliseconds.
CREATE TABLE screening_campaigns (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  created_by TEXT NOT NULL REFERENCES practitioners(id),
  created_at BIGINT NOT NULL
);

CREATE TABLE screening_campaign_sites (
  campaign_id TEXT NOT NULL REFERENCES screening_campaigns(id),
  site_id TEXT NOT NULL REFERENCES sites(id),
  PRIMARY KEY (campaign_id, site_id)
);

CREATE TABLE screening_enrolments (
  campaign_id TEXT NOT NULL REFERENCES screening_campaigns(id),
  patient_id TEXT NOT NULL REFERENCES patients(id),
  site_id TEXT NOT NULL REFERENCES sites(id),
  last_screened_on TEXT,
  consecutive_no_retinopathy BIGINT NOT NULL,
  under_eye_clinic BIGINT NOT NULL,
  next_due TEXT,
  PRIMARY KEY (campaign_id, patient_id)
);

-- A screening visit is a consultation (its photographs are the consultation's) graded in steps.
CREATE TABLE screening_visits (
  consultation_id TEXT PRIMARY KEY REFERENCES consultations(id),
  campaign_id TEXT NOT NULL,
  patient_id TEXT NOT NULL,
  site_id TEXT NOT NULL REFERENCES sites(id),
  screened_on TEXT NOT NULL,
  registered_by TEXT NOT NULL REFERENCES practitioners(id),
  registered_at BIGINT NOT NULL,
  stage TEXT NOT NULL,
  version BIGINT NOT NULL,
  differences TEXT,
  outcome TEXT,
  final_right TEXT,
  final_left TEXT,
  final_at BIGINT,
  next_screening_due TEXT,
  action_deadline BIGINT,
  recall_rule TEXT,
  FOREIGN KEY (campaign_id, patient_id) REFERENCES screening_enrolments(campaign_id, patient_id)
);

CREATE INDEX screening_visits_stage ON screening_visits (stage, registered_at);

-- Every grading as the grader gave it (features as JSON), append-only.
CREATE TABLE screening_gradings (
  visit_id TEXT NOT NULL REFERENCES screening_visits(consultation_id),
  step TEXT NOT NULL,
  grader_id TEXT NOT NULL REFERENCES practitioners(id),
  right_features TEXT NOT NULL,
  left_features TEXT NOT NULL,
  right_code TEXT NOT NULL,
  left_code TEXT NOT NULL,
  outcome TEXT NOT NULL,
  at BIGINT NOT NULL,
  PRIMARY KEY (visit_id, step)
);

CREATE TABLE screening_referrals (
  visit_id TEXT PRIMARY KEY REFERENCES screening_visits(consultation_id),
  outcome TEXT NOT NULL,
  deadline BIGINT NOT NULL,
  seen_on TEXT,
  clinic_outcome TEXT,
  recorded_by TEXT REFERENCES practitioners(id),
  recorded_at BIGINT
);

CREATE TRIGGER screening_gradings_append_only BEFORE UPDATE OR DELETE ON screening_gradings FOR EACH ROW EXECUTE FUNCTION telesante_refuse_change();
