-- Placeholder on branch h12-alerts only: number 2 belongs to another branch's migration (report proposals).
-- Migrations are numbered without gaps, so this keeps 0003 loadable here; delete this file when that branch's
-- 0002 is merged.
SELECT 1;
