-- Dossier rollups once per statement instead of once per row. A bulk import writes thousands of
-- dossiers of one unit and month in one transaction; updating the same count row once per dossier
-- leaves PostgreSQL a chain of row versions to walk on every update (the 100,000-row import took
-- minutes). Now each statement adds its rows grouped by key: one update per key and statement.
DROP TRIGGER transaction_rollups ON transactions;
--> statement-breakpoint
DROP FUNCTION transaction_rollups();
--> statement-breakpoint
CREATE FUNCTION transaction_rollups() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    WITH g AS (
      SELECT unit_id, k.grain, k.period, count(*) AS received, sum((channel = 'online')::int) AS online, sum(digitised::int) AS digitised,
             sum((resolved_at IS NOT NULL AND resolved_at <= due_at)::int) AS resolved_on_time
        FROM old_rows CROSS JOIN LATERAL (VALUES
          ('day', (received_at + 25200000) / 86400000),
          ('month', ((date_part('year', (date '1970-01-01' + ((received_at + 25200000) / 86400000)::integer)) - 1970) * 12 + date_part('month', (date '1970-01-01' + ((received_at + 25200000) / 86400000)::integer)) - 1)::bigint)
        ) AS k(grain, period)
        GROUP BY unit_id, k.grain, k.period
    )
    UPDATE transaction_counts c SET received = c.received - g.received, online = c.online - g.online, digitised = c.digitised - g.digitised, resolved_on_time = c.resolved_on_time - g.resolved_on_time
      FROM g WHERE c.unit_id = g.unit_id AND c.grain = g.grain AND c.period = g.period;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO transaction_counts (unit_id, grain, period, received, online, digitised, resolved_on_time)
      SELECT unit_id, k.grain, k.period, count(*), sum((channel = 'online')::int), sum(digitised::int), sum((resolved_at IS NOT NULL AND resolved_at <= due_at)::int)
        FROM new_rows CROSS JOIN LATERAL (VALUES
          ('day', (received_at + 25200000) / 86400000),
          ('month', ((date_part('year', (date '1970-01-01' + ((received_at + 25200000) / 86400000)::integer)) - 1970) * 12 + date_part('month', (date '1970-01-01' + ((received_at + 25200000) / 86400000)::integer)) - 1)::bigint)
        ) AS k(grain, period)
        GROUP BY unit_id, k.grain, k.period
      ON CONFLICT (unit_id, grain, period) DO UPDATE SET received = transaction_counts.received + excluded.received, online = transaction_counts.online + excluded.online,
        digitised = transaction_counts.digitised + excluded.digitised, resolved_on_time = transaction_counts.resolved_on_time + excluded.resolved_on_time;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER transaction_rollups_insert AFTER INSERT ON transactions REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION transaction_rollups();
--> statement-breakpoint
CREATE TRIGGER transaction_rollups_update AFTER UPDATE ON transactions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION transaction_rollups();
--> statement-breakpoint
CREATE TRIGGER transaction_rollups_delete AFTER DELETE ON transactions REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION transaction_rollups();
