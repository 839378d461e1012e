-- Issue 12: a vitals alert may be raised on the heart rate the gateway's ECG analysis computes (source
-- 'ecg-analysis'), a value measured over a span of beats: measured_from_ns is the first of them (measured_at_ns the
-- last). A device's own reading keeps source 'device' and no span.
ALTER TABLE vital_alerts ADD COLUMN source TEXT NOT NULL DEFAULT 'device';
ALTER TABLE vital_alerts ADD COLUMN measured_from_ns BIGINT;
