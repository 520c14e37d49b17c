-- Rating rollups once per statement instead of once per row, as migration 0002 did for dossiers: a
-- bulk load or a correction of many ratings of one unit and day now updates each count row once per
-- statement, not once per rating (each update leaves a row version the next one has to walk past).
-- Transition tables cannot go with a column list, so an update of any column of ratings takes the
-- old rows out and puts the new ones in: the same counts when no counted column changed.
DROP TRIGGER rating_rollups ON ratings;
--> statement-breakpoint
DROP FUNCTION rating_rollups();
--> statement-breakpoint
DROP TRIGGER rating_reason_rollups ON rating_reasons;
--> statement-breakpoint
DROP FUNCTION rating_reason_rollups();
--> statement-breakpoint
CREATE FUNCTION rating_rollups() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    WITH g AS (
      SELECT o.unit_id, k.grain, k.period, o.channel, coalesce(o.counter_id, 0) AS counter_id, sum((o.level = 1)::int) AS l1, sum((o.level = 2)::int) AS l2, sum((o.level = 3)::int) AS l3, sum((o.level = 4)::int) AS l4, sum((o.level = 5)::int) AS l5
        FROM old_rows o CROSS JOIN LATERAL (VALUES ('day', (o.rated_at + 25200000) / 86400000), ('month', ((date_part('year', (date '1970-01-01' + ((o.rated_at + 25200000) / 86400000)::integer)) - 1970) * 12 + date_part('month', (date '1970-01-01' + ((o.rated_at + 25200000) / 86400000)::integer)) - 1)::bigint)) AS k(grain, period)
        WHERE o.counted
        GROUP BY 1, 2, 3, 4, 5
    )
    UPDATE rating_counts c SET l1 = c.l1 - g.l1, l2 = c.l2 - g.l2, l3 = c.l3 - g.l3, l4 = c.l4 - g.l4, l5 = c.l5 - g.l5
      FROM g WHERE c.unit_id = g.unit_id AND c.grain = g.grain AND c.period = g.period AND c.channel = g.channel AND c.counter_id = g.counter_id;
    WITH g AS (
      SELECT o.unit_id, k.grain, k.period, ((o.rated_at + 25200000) / 86400000 + 3) % 7 AS weekday, ((o.rated_at + 25200000) / 3600000) % 24 AS hour, sum((o.level = 1)::int) AS l1, sum((o.level = 2)::int) AS l2, sum((o.level = 3)::int) AS l3, sum((o.level = 4)::int) AS l4, sum((o.level = 5)::int) AS l5
        FROM old_rows o CROSS JOIN LATERAL (VALUES ('day', (o.rated_at + 25200000) / 86400000), ('month', ((date_part('year', (date '1970-01-01' + ((o.rated_at + 25200000) / 86400000)::integer)) - 1970) * 12 + date_part('month', (date '1970-01-01' + ((o.rated_at + 25200000) / 86400000)::integer)) - 1)::bigint)) AS k(grain, period)
        WHERE o.counted
        GROUP BY 1, 2, 3, 4, 5
    )
    UPDATE rating_hour_counts c SET l1 = c.l1 - g.l1, l2 = c.l2 - g.l2, l3 = c.l3 - g.l3, l4 = c.l4 - g.l4, l5 = c.l5 - g.l5
      FROM g WHERE c.unit_id = g.unit_id AND c.grain = g.grain AND c.period = g.period AND c.weekday = g.weekday AND c.hour = g.hour;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    -- A rating's reasons move with it (on delete they are gone before it: their own trigger counts them out).
    WITH g AS (
      SELECT o.unit_id, k.grain, k.period, r.reason, count(*) AS n
        FROM old_rows o JOIN rating_reasons r ON r.rating_id = o.id CROSS JOIN LATERAL (VALUES ('day', (o.rated_at + 25200000) / 86400000), ('month', ((date_part('year', (date '1970-01-01' + ((o.rated_at + 25200000) / 86400000)::integer)) - 1970) * 12 + date_part('month', (date '1970-01-01' + ((o.rated_at + 25200000) / 86400000)::integer)) - 1)::bigint)) AS k(grain, period)
        WHERE o.counted
        GROUP BY 1, 2, 3, 4
    )
    UPDATE rating_reason_counts c SET n = c.n - g.n
      FROM g WHERE c.unit_id = g.unit_id AND c.grain = g.grain AND c.period = g.period AND c.reason = g.reason;
    INSERT INTO rating_reason_counts (unit_id, grain, period, reason, n)
      SELECT nr.unit_id, k.grain, k.period, r.reason, count(*) AS n
        FROM new_rows nr JOIN rating_reasons r ON r.rating_id = nr.id CROSS JOIN LATERAL (VALUES ('day', (nr.rated_at + 25200000) / 86400000), ('month', ((date_part('year', (date '1970-01-01' + ((nr.rated_at + 25200000) / 86400000)::integer)) - 1970) * 12 + date_part('month', (date '1970-01-01' + ((nr.rated_at + 25200000) / 86400000)::integer)) - 1)::bigint)) AS k(grain, period)
        WHERE nr.counted
        GROUP BY 1, 2, 3, 4
      ON CONFLICT (unit_id, grain, period, reason) DO UPDATE SET n = rating_reason_counts.n + excluded.n;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO rating_counts (unit_id, grain, period, channel, counter_id, l1, l2, l3, l4, l5)
      SELECT nr.unit_id, k.grain, k.period, nr.channel, coalesce(nr.counter_id, 0) AS counter_id, sum((nr.level = 1)::int) AS l1, sum((nr.level = 2)::int) AS l2, sum((nr.level = 3)::int) AS l3, sum((nr.level = 4)::int) AS l4, sum((nr.level = 5)::int) AS l5
        FROM new_rows nr CROSS JOIN LATERAL (VALUES ('day', (nr.rated_at + 25200000) / 86400000), ('month', ((date_part('year', (date '1970-01-01' + ((nr.rated_at + 25200000) / 86400000)::integer)) - 1970) * 12 + date_part('month', (date '1970-01-01' + ((nr.rated_at + 25200000) / 86400000)::integer)) - 1)::bigint)) AS k(grain, period)
        WHERE nr.counted
        GROUP BY 1, 2, 3, 4, 5
      ON CONFLICT (unit_id, grain, period, channel, counter_id) DO UPDATE SET l1 = rating_counts.l1 + excluded.l1, l2 = rating_counts.l2 + excluded.l2, l3 = rating_counts.l3 + excluded.l3, l4 = rating_counts.l4 + excluded.l4, l5 = rating_counts.l5 + excluded.l5;
    INSERT INTO rating_hour_counts (unit_id, grain, period, weekday, hour, l1, l2, l3, l4, l5)
      SELECT nr.unit_id, k.grain, k.period, ((nr.rated_at + 25200000) / 86400000 + 3) % 7 AS weekday, ((nr.rated_at + 25200000) / 3600000) % 24 AS hour, sum((nr.level = 1)::int) AS l1, sum((nr.level = 2)::int) AS l2, sum((nr.level = 3)::int) AS l3, sum((nr.level = 4)::int) AS l4, sum((nr.level = 5)::int) AS l5
        FROM new_rows nr CROSS JOIN LATERAL (VALUES ('day', (nr.rated_at + 25200000) / 86400000), ('month', ((date_part('year', (date '1970-01-01' + ((nr.rated_at + 25200000) / 86400000)::integer)) - 1970) * 12 + date_part('month', (date '1970-01-01' + ((nr.rated_at + 25200000) / 86400000)::integer)) - 1)::bigint)) AS k(grain, period)
        WHERE nr.counted
        GROUP BY 1, 2, 3, 4, 5
      ON CONFLICT (unit_id, grain, period, weekday, hour) DO UPDATE SET l1 = rating_hour_counts.l1 + excluded.l1, l2 = rating_hour_counts.l2 + excluded.l2, l3 = rating_hour_counts.l3 + excluded.l3, l4 = rating_hour_counts.l4 + excluded.l4, l5 = rating_hour_counts.l5 + excluded.l5;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER rating_rollups_insert AFTER INSERT ON ratings REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rating_rollups();
--> statement-breakpoint
CREATE TRIGGER rating_rollups_update AFTER UPDATE ON ratings REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rating_rollups();
--> statement-breakpoint
CREATE TRIGGER rating_rollups_delete AFTER DELETE ON ratings REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rating_rollups();
--> statement-breakpoint
CREATE FUNCTION rating_reason_rollups() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO rating_reason_counts (unit_id, grain, period, reason, n)
      SELECT a.unit_id, k.grain, k.period, r.reason, count(*) AS n
        FROM new_rows r JOIN ratings a ON a.id = r.rating_id CROSS JOIN LATERAL (VALUES ('day', (a.rated_at + 25200000) / 86400000), ('month', ((date_part('year', (date '1970-01-01' + ((a.rated_at + 25200000) / 86400000)::integer)) - 1970) * 12 + date_part('month', (date '1970-01-01' + ((a.rated_at + 25200000) / 86400000)::integer)) - 1)::bigint)) AS k(grain, period)
        WHERE a.counted
        GROUP BY 1, 2, 3, 4
      ON CONFLICT (unit_id, grain, period, reason) DO UPDATE SET n = rating_reason_counts.n + excluded.n;
  ELSE
    WITH g AS (
      SELECT a.unit_id, k.grain, k.period, r.reason, count(*) AS n
        FROM old_rows r JOIN ratings a ON a.id = r.rating_id CROSS JOIN LATERAL (VALUES ('day', (a.rated_at + 25200000) / 86400000), ('month', ((date_part('year', (date '1970-01-01' + ((a.rated_at + 25200000) / 86400000)::integer)) - 1970) * 12 + date_part('month', (date '1970-01-01' + ((a.rated_at + 25200000) / 86400000)::integer)) - 1)::bigint)) AS k(grain, period)
        WHERE a.counted
        GROUP BY 1, 2, 3, 4
    )
    UPDATE rating_reason_counts c SET n = c.n - g.n
      FROM g WHERE c.unit_id = g.unit_id AND c.grain = g.grain AND c.period = g.period AND c.reason = g.reason;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER rating_reason_rollups_insert AFTER INSERT ON rating_reasons REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rating_reason_rollups();
--> statement-breakpoint
CREATE TRIGGER rating_reason_rollups_delete AFTER DELETE ON rating_reasons REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rating_reason_rollups();
