-- The rollup triggers of migrations/0008_rollups.sql in PL/pgSQL: the same counts at the same two
-- grains, kept in the writing statement's own transaction. (The tables are new here: no backfill.)
CREATE FUNCTION rating_rollups() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
      UPDATE rating_counts SET l1 = rating_counts.l1 - (OLD.level = 1)::int, l2 = rating_counts.l2 - (OLD.level = 2)::int, l3 = rating_counts.l3 - (OLD.level = 3)::int, l4 = rating_counts.l4 - (OLD.level = 4)::int, l5 = rating_counts.l5 - (OLD.level = 5)::int
        WHERE OLD.counted AND unit_id = OLD.unit_id AND grain = 'day' AND period = (OLD.rated_at + 25200000) / 86400000 AND channel = OLD.channel AND counter_id = coalesce(OLD.counter_id, 0);
      UPDATE rating_hour_counts SET l1 = rating_hour_counts.l1 - (OLD.level = 1)::int, l2 = rating_hour_counts.l2 - (OLD.level = 2)::int, l3 = rating_hour_counts.l3 - (OLD.level = 3)::int, l4 = rating_hour_counts.l4 - (OLD.level = 4)::int, l5 = rating_hour_counts.l5 - (OLD.level = 5)::int
        WHERE OLD.counted AND unit_id = OLD.unit_id AND grain = 'day' AND period = (OLD.rated_at + 25200000) / 86400000 AND weekday = ((OLD.rated_at + 25200000) / 86400000 + 3) % 7 AND hour = ((OLD.rated_at + 25200000) / 3600000) % 24;
      UPDATE rating_counts SET l1 = rating_counts.l1 - (OLD.level = 1)::int, l2 = rating_counts.l2 - (OLD.level = 2)::int, l3 = rating_counts.l3 - (OLD.level = 3)::int, l4 = rating_counts.l4 - (OLD.level = 4)::int, l5 = rating_counts.l5 - (OLD.level = 5)::int
        WHERE OLD.counted AND unit_id = OLD.unit_id AND grain = 'month' AND period = ((date_part('year', (date '1970-01-01' + ((OLD.rated_at + 25200000) / 86400000)::integer)) - 1970) * 12 + date_part('month', (date '1970-01-01' + ((OLD.rated_at + 25200000) / 86400000)::integer)) - 1)::bigint AND channel = OLD.channel AND counter_id = coalesce(OLD.counter_id, 0);
      UPDATE rating_hour_counts SET l1 = rating_hour_counts.l1 - (OLD.level = 1)::int, l2 = rating_hour_counts.l2 - (OLD.level = 2)::int, l3 = rating_hour_counts.l3 - (OLD.level = 3)::int, l4 = rating_hour_counts.l4 - (OLD.level = 4)::int, l5 = rating_hour_counts.l5 - (OLD.level = 5)::int
        WHERE OLD.counted AND unit_id = OLD.unit_id AND grain = 'month' AND period = ((date_part('year', (date '1970-01-01' + ((OLD.rated_at + 25200000) / 86400000)::integer)) - 1970) * 12 + date_part('month', (date '1970-01-01' + ((OLD.rated_at + 25200000) / 86400000)::integer)) - 1)::bigint AND weekday = ((OLD.rated_at + 25200000) / 86400000 + 3) % 7 AND hour = ((OLD.rated_at + 25200000) / 3600000) % 24;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
      INSERT INTO rating_counts (unit_id, grain, period, channel, counter_id, l1, l2, l3, l4, l5)
        SELECT NEW.unit_id, 'day', (NEW.rated_at + 25200000) / 86400000, NEW.channel, coalesce(NEW.counter_id, 0), (NEW.level = 1)::int, (NEW.level = 2)::int, (NEW.level = 3)::int, (NEW.level = 4)::int, (NEW.level = 5)::int WHERE NEW.counted
        ON CONFLICT (unit_id, grain, period, channel, counter_id) DO UPDATE SET l1 = rating_counts.l1 + excluded.l1, l2 = rating_counts.l2 + excluded.l2, l3 = rating_counts.l3 + excluded.l3, l4 = rating_counts.l4 + excluded.l4, l5 = rating_counts.l5 + excluded.l5;
      INSERT INTO rating_hour_counts (unit_id, grain, period, weekday, hour, l1, l2, l3, l4, l5)
        SELECT NEW.unit_id, 'day', (NEW.rated_at + 25200000) / 86400000, ((NEW.rated_at + 25200000) / 86400000 + 3) % 7, ((NEW.rated_at + 25200000) / 3600000) % 24, (NEW.level = 1)::int, (NEW.level = 2)::int, (NEW.level = 3)::int, (NEW.level = 4)::int, (NEW.level = 5)::int WHERE NEW.counted
        ON CONFLICT (unit_id, grain, period, weekday, hour) DO UPDATE SET l1 = rating_hour_counts.l1 + excluded.l1, l2 = rating_hour_counts.l2 + excluded.l2, l3 = rating_hour_counts.l3 + excluded.l3, l4 = rating_hour_counts.l4 + excluded.l4, l5 = rating_hour_counts.l5 + excluded.l5;
      INSERT INTO rating_counts (unit_id, grain, period, channel, counter_id, l1, l2, l3, l4, l5)
        SELECT NEW.unit_id, 'month', ((date_part('year', (date '1970-01-01' + ((NEW.rated_at + 25200000) / 86400000)::integer)) - 1970) * 12 + date_part('month', (date '1970-01-01' + ((NEW.rated_at + 25200000) / 86400000)::integer)) - 1)::bigint, NEW.channel, coalesce(NEW.counter_id, 0), (NEW.level = 1)::int, (NEW.level = 2)::int, (NEW.level = 3)::int, (NEW.level = 4)::int, (NEW.level = 5)::int WHERE NEW.counted
        ON CONFLICT (unit_id, grain, period, channel, counter_id) DO UPDATE SET l1 = rating_counts.l1 + excluded.l1, l2 = rating_counts.l2 + excluded.l2, l3 = rating_counts.l3 + excluded.l3, l4 = rating_counts.l4 + excluded.l4, l5 = rating_counts.l5 + excluded.l5;
      INSERT INTO rating_hour_counts (unit_id, grain, period, weekday, hour, l1, l2, l3, l4, l5)
        SELECT NEW.unit_id, 'month', ((date_part('year', (date '1970-01-01' + ((NEW.rated_at + 25200000) / 86400000)::integer)) - 1970) * 12 + date_part('month', (date '1970-01-01' + ((NEW.rated_at + 25200000) / 86400000)::integer)) - 1)::bigint, ((NEW.rated_at + 25200000) / 86400000 + 3) % 7, ((NEW.rated_at + 25200000) / 3600000) % 24, (NEW.level = 1)::int, (NEW.level = 2)::int, (NEW.level = 3)::int, (NEW.level = 4)::int, (NEW.level = 5)::int WHERE NEW.counted
        ON CONFLICT (unit_id, grain, period, weekday, hour) DO UPDATE SET l1 = rating_hour_counts.l1 + excluded.l1, l2 = rating_hour_counts.l2 + excluded.l2, l3 = rating_hour_counts.l3 + excluded.l3, l4 = rating_hour_counts.l4 + excluded.l4, l5 = rating_hour_counts.l5 + excluded.l5;
  END IF;
  IF TG_OP = 'UPDATE' THEN
      UPDATE rating_reason_counts SET n = rating_reason_counts.n - 1
        WHERE OLD.counted AND unit_id = OLD.unit_id AND grain = 'day' AND period = (OLD.rated_at + 25200000) / 86400000 AND reason IN (SELECT reason FROM rating_reasons WHERE rating_id = OLD.id);
      UPDATE rating_reason_counts SET n = rating_reason_counts.n - 1
        WHERE OLD.counted AND unit_id = OLD.unit_id AND grain = 'month' AND period = ((date_part('year', (date '1970-01-01' + ((OLD.rated_at + 25200000) / 86400000)::integer)) - 1970) * 12 + date_part('month', (date '1970-01-01' + ((OLD.rated_at + 25200000) / 86400000)::integer)) - 1)::bigint AND reason IN (SELECT reason FROM rating_reasons WHERE rating_id = OLD.id);
      INSERT INTO rating_reason_counts (unit_id, grain, period, reason, n)
        SELECT NEW.unit_id, 'day', (NEW.rated_at + 25200000) / 86400000, reason, 1 FROM rating_reasons WHERE rating_id = NEW.id AND NEW.counted
        ON CONFLICT (unit_id, grain, period, reason) DO UPDATE SET n = rating_reason_counts.n + 1;
      INSERT INTO rating_reason_counts (unit_id, grain, period, reason, n)
        SELECT NEW.unit_id, 'month', ((date_part('year', (date '1970-01-01' + ((NEW.rated_at + 25200000) / 86400000)::integer)) - 1970) * 12 + date_part('month', (date '1970-01-01' + ((NEW.rated_at + 25200000) / 86400000)::integer)) - 1)::bigint, reason, 1 FROM rating_reasons WHERE rating_id = NEW.id AND NEW.counted
        ON CONFLICT (unit_id, grain, period, reason) DO UPDATE SET n = rating_reason_counts.n + 1;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER rating_rollups AFTER INSERT OR DELETE OR UPDATE OF unit_id, counter_id, channel, level, rated_at, counted ON ratings
  FOR EACH ROW EXECUTE FUNCTION rating_rollups();
--> statement-breakpoint
CREATE FUNCTION rating_reason_rollups() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
      INSERT INTO rating_reason_counts (unit_id, grain, period, reason, n)
        SELECT r.unit_id, 'day', (r.rated_at + 25200000) / 86400000, NEW.reason, 1 FROM ratings r WHERE r.id = NEW.rating_id AND r.counted
        ON CONFLICT (unit_id, grain, period, reason) DO UPDATE SET n = rating_reason_counts.n + 1;
      INSERT INTO rating_reason_counts (unit_id, grain, period, reason, n)
        SELECT r.unit_id, 'month', ((date_part('year', (date '1970-01-01' + ((r.rated_at + 25200000) / 86400000)::integer)) - 1970) * 12 + date_part('month', (date '1970-01-01' + ((r.rated_at + 25200000) / 86400000)::integer)) - 1)::bigint, NEW.reason, 1 FROM ratings r WHERE r.id = NEW.rating_id AND r.counted
        ON CONFLICT (unit_id, grain, period, reason) DO UPDATE SET n = rating_reason_counts.n + 1;
  ELSE
      UPDATE rating_reason_counts c SET n = c.n - 1
        FROM ratings r WHERE r.id = OLD.rating_id AND r.counted AND c.unit_id = r.unit_id AND c.grain = 'day' AND c.period = (r.rated_at + 25200000) / 86400000 AND c.reason = OLD.reason;
      UPDATE rating_reason_counts c SET n = c.n - 1
        FROM ratings r WHERE r.id = OLD.rating_id AND r.counted AND c.unit_id = r.unit_id AND c.grain = 'month' AND c.period = ((date_part('year', (date '1970-01-01' + ((r.rated_at + 25200000) / 86400000)::integer)) - 1970) * 12 + date_part('month', (date '1970-01-01' + ((r.rated_at + 25200000) / 86400000)::integer)) - 1)::bigint AND c.reason = OLD.reason;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER rating_reason_rollups AFTER INSERT OR DELETE ON rating_reasons FOR EACH ROW EXECUTE FUNCTION rating_reason_rollups();
--> statement-breakpoint
CREATE FUNCTION transaction_rollups() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
      UPDATE transaction_counts SET received = transaction_counts.received - 1, online = transaction_counts.online - (OLD.channel = 'online')::int, digitised = transaction_counts.digitised - OLD.digitised::int, resolved_on_time = transaction_counts.resolved_on_time - (OLD.resolved_at IS NOT NULL AND OLD.resolved_at <= OLD.due_at)::int
        WHERE unit_id = OLD.unit_id AND grain = 'day' AND period = (OLD.received_at + 25200000) / 86400000;
      UPDATE transaction_counts SET received = transaction_counts.received - 1, online = transaction_counts.online - (OLD.channel = 'online')::int, digitised = transaction_counts.digitised - OLD.digitised::int, resolved_on_time = transaction_counts.resolved_on_time - (OLD.resolved_at IS NOT NULL AND OLD.resolved_at <= OLD.due_at)::int
        WHERE unit_id = OLD.unit_id AND grain = 'month' AND period = ((date_part('year', (date '1970-01-01' + ((OLD.received_at + 25200000) / 86400000)::integer)) - 1970) * 12 + date_part('month', (date '1970-01-01' + ((OLD.received_at + 25200000) / 86400000)::integer)) - 1)::bigint;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
      INSERT INTO transaction_counts (unit_id, grain, period, received, online, digitised, resolved_on_time)
        VALUES (NEW.unit_id, 'day', (NEW.received_at + 25200000) / 86400000, 1, (NEW.channel = 'online')::int, NEW.digitised::int, (NEW.resolved_at IS NOT NULL AND NEW.resolved_at <= NEW.due_at)::int)
        ON CONFLICT (unit_id, grain, period) DO UPDATE SET received = transaction_counts.received + 1, online = transaction_counts.online + excluded.online, digitised = transaction_counts.digitised + excluded.digitised, resolved_on_time = transaction_counts.resolved_on_time + excluded.resolved_on_time;
      INSERT INTO transaction_counts (unit_id, grain, period, received, online, digitised, resolved_on_time)
        VALUES (NEW.unit_id, 'month', ((date_part('year', (date '1970-01-01' + ((NEW.received_at + 25200000) / 86400000)::integer)) - 1970) * 12 + date_part('month', (date '1970-01-01' + ((NEW.received_at + 25200000) / 86400000)::integer)) - 1)::bigint, 1, (NEW.channel = 'online')::int, NEW.digitised::int, (NEW.resolved_at IS NOT NULL AND NEW.resolved_at <= NEW.due_at)::int)
        ON CONFLICT (unit_id, grain, period) DO UPDATE SET received = transaction_counts.received + 1, online = transaction_counts.online + excluded.online, digitised = transaction_counts.digitised + excluded.digitised, resolved_on_time = transaction_counts.resolved_on_time + excluded.resolved_on_time;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER transaction_rollups AFTER INSERT OR DELETE OR UPDATE OF unit_id, channel, received_at, due_at, resolved_at, digitised ON transactions
  FOR EACH ROW EXECUTE FUNCTION transaction_rollups();
