-- Issue 12: vitals alerts raised by the gateway (LiveView:Alerts). One row per episode; the reading's own value,
-- unit and measurement time (device clock); raised, ended and acknowledged times. Times here are ns since the
-- Unix epoch, as the readings' (not the milliseconds of the clinical tables). Acknowledgement is set once.
CREATE TABLE vital_alerts (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  ref_id TEXT NOT NULL,
  mdc_code BIGINT NOT NULL,
  label TEXT NOT NULL,
  severity TEXT NOT NULL,
  direction TEXT NOT NULL,
  limit_value DOUBLE PRECISION NOT NULL,
  rule_unit TEXT NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  unit TEXT NOT NULL,
  measured_at_ns BIGINT NOT NULL,
  raised_at_ns BIGINT NOT NULL,
  ended_at_ns BIGINT,
  acknowledged_by TEXT,
  acknowledged_at_ns BIGINT
);

CREATE INDEX vital_alerts_by_session ON vital_alerts (session_id, raised_at_ns);
