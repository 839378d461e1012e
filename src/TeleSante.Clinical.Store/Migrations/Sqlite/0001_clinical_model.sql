-- Issue 11: the clinical model. Times are Unix milliseconds (UTC), enums their C# names.
CREATE TABLE cpts (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL
);

CREATE TABLE sites (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  cpts_id TEXT REFERENCES cpts(id)
);

CREATE TABLE stations (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL
);

-- A device belongs to one station: its readings go to that station's open consultation.
CREATE TABLE station_devices (
  device_id TEXT PRIMARY KEY,
  station_id TEXT NOT NULL REFERENCES stations(id)
);

CREATE TABLE practitioners (
  id TEXT PRIMARY KEY,
  family_name TEXT NOT NULL,
  given_name TEXT NOT NULL,
  rpps TEXT NOT NULL UNIQUE,
  profession TEXT NOT NULL,
  specialty TEXT,
  roles INTEGER NOT NULL
);

CREATE TABLE practitioner_sites (
  practitioner_id TEXT NOT NULL REFERENCES practitioners(id),
  site_id TEXT NOT NULL REFERENCES sites(id),
  PRIMARY KEY (practitioner_id, site_id)
);

CREATE TABLE patients (
  id TEXT PRIMARY KEY,
  ins TEXT,
  ins_oid TEXT,
  birth_family_name TEXT NOT NULL,
  birth_given_names TEXT NOT NULL,
  first_given_name TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  sex TEXT NOT NULL,
  birth_place_code TEXT NOT NULL,
  identity_document_checked INTEGER NOT NULL,
  CHECK ((ins IS NULL) = (ins_oid IS NULL))
);

-- Two records with one INS is a duplicate identity (identitovigilance): refused.
CREATE UNIQUE INDEX patients_one_per_ins ON patients (ins, ins_oid) WHERE ins IS NOT NULL;

CREATE TABLE consents (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients(id),
  information_given TEXT NOT NULL,
  share_with_treating_gp INTEGER NOT NULL,
  treating_gp TEXT,
  collected_by TEXT NOT NULL REFERENCES practitioners(id),
  collected_at INTEGER NOT NULL,
  withdrawn_by TEXT REFERENCES practitioners(id),
  withdrawn_at INTEGER,
  withdrawal_reason TEXT
);

CREATE TABLE consent_specialties (
  consent_id TEXT NOT NULL REFERENCES consents(id),
  specialty TEXT NOT NULL,
  PRIMARY KEY (consent_id, specialty)
);

CREATE TABLE consultations (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites(id),
  station_id TEXT NOT NULL REFERENCES stations(id),
  patient_id TEXT NOT NULL REFERENCES patients(id),
  consent_id TEXT NOT NULL REFERENCES consents(id),
  opened_by TEXT NOT NULL REFERENCES practitioners(id),
  opened_at INTEGER NOT NULL,
  closed_by TEXT REFERENCES practitioners(id),
  closed_at INTEGER
);

-- At most one open consultation per station, whatever the code above does.
CREATE UNIQUE INDEX consultations_one_open_per_station ON consultations (station_id) WHERE closed_at IS NULL;

CREATE TABLE requests (
  id TEXT PRIMARY KEY,
  consultation_id TEXT NOT NULL REFERENCES consultations(id),
  patient_id TEXT NOT NULL REFERENCES patients(id),
  site_id TEXT NOT NULL REFERENCES sites(id),
  kind TEXT NOT NULL,
  specialty TEXT NOT NULL,
  question TEXT NOT NULL,
  clinical_context TEXT NOT NULL,
  priority TEXT NOT NULL,
  state TEXT NOT NULL,
  requested_by TEXT NOT NULL REFERENCES practitioners(id),
  created_at INTEGER NOT NULL,
  submitted_at INTEGER,
  due_at INTEGER,
  accepted_by TEXT REFERENCES practitioners(id),
  accepted_at INTEGER,
  answered_at INTEGER,
  decline_reason TEXT,
  version INTEGER NOT NULL
);

-- The worklist: a specialty's requests by state and due time.
CREATE INDEX requests_worklist ON requests (specialty, state, due_at);

CREATE TABLE request_attachments (
  request_id TEXT NOT NULL REFERENCES requests(id),
  ordinal INTEGER NOT NULL,
  kind TEXT NOT NULL,
  device_id TEXT,
  from_ms INTEGER,
  to_ms INTEGER,
  image_id TEXT,
  PRIMARY KEY (request_id, ordinal)
);

-- The audit trail of every step; (request, version) unique: two steps from one version cannot both land.
CREATE TABLE request_events (
  request_id TEXT NOT NULL REFERENCES requests(id),
  version INTEGER NOT NULL,
  action TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  from_address TEXT NOT NULL,
  at INTEGER NOT NULL,
  detail TEXT,
  PRIMARY KEY (request_id, version)
);

CREATE TABLE reports (
  request_id TEXT NOT NULL REFERENCES requests(id),
  version INTEGER NOT NULL,
  signed_by TEXT NOT NULL REFERENCES practitioners(id),
  signer_name TEXT NOT NULL,
  signer_rpps TEXT NOT NULL,
  signed_at INTEGER NOT NULL,
  correction_reason TEXT,
  PRIMARY KEY (request_id, version)
);

CREATE TABLE ecg_findings (
  request_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  rhythm TEXT NOT NULL,
  rate_bpm INTEGER NOT NULL,
  pr_ms INTEGER,
  qrs_ms INTEGER,
  qt_ms INTEGER,
  qtc_ms INTEGER,
  axis_degrees INTEGER,
  conclusion TEXT NOT NULL,
  follow_up TEXT NOT NULL,
  free_text TEXT,
  PRIMARY KEY (request_id, version),
  FOREIGN KEY (request_id, version) REFERENCES reports(request_id, version)
);

-- Signed reports and the audit trail are append-only, even for a hand-written UPDATE.
CREATE TRIGGER reports_no_update BEFORE UPDATE ON reports BEGIN SELECT RAISE(ABORT, 'signed reports are immutable'); END;
CREATE TRIGGER reports_no_delete BEFORE DELETE ON reports BEGIN SELECT RAISE(ABORT, 'signed reports are immutable'); END;
CREATE TRIGGER ecg_findings_no_update BEFORE UPDATE ON ecg_findings BEGIN SELECT RAISE(ABORT, 'signed reports are immutable'); END;
CREATE TRIGGER ecg_findings_no_delete BEFORE DELETE ON ecg_findings BEGIN SELECT RAISE(ABORT, 'signed reports are immutable'); END;
CREATE TRIGGER request_events_no_update BEFORE UPDATE ON request_events BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER request_events_no_delete BEFORE DELETE ON request_events BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
