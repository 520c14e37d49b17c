CREATE TABLE `rating_counts` (
	`unit_id` integer NOT NULL,
	`grain` text NOT NULL,
	`period` integer NOT NULL,
	`channel` text NOT NULL,
	`counter_id` integer NOT NULL,
	`l1` integer DEFAULT 0 NOT NULL,
	`l2` integer DEFAULT 0 NOT NULL,
	`l3` integer DEFAULT 0 NOT NULL,
	`l4` integer DEFAULT 0 NOT NULL,
	`l5` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`unit_id`, `grain`, `period`, `channel`, `counter_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `rating_hour_counts` (
	`unit_id` integer NOT NULL,
	`grain` text NOT NULL,
	`period` integer NOT NULL,
	`weekday` integer NOT NULL,
	`hour` integer NOT NULL,
	`l1` integer DEFAULT 0 NOT NULL,
	`l2` integer DEFAULT 0 NOT NULL,
	`l3` integer DEFAULT 0 NOT NULL,
	`l4` integer DEFAULT 0 NOT NULL,
	`l5` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`unit_id`, `grain`, `period`, `weekday`, `hour`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `rating_reason_counts` (
	`unit_id` integer NOT NULL,
	`grain` text NOT NULL,
	`period` integer NOT NULL,
	`reason` text NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`unit_id`, `grain`, `period`, `reason`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `transaction_counts` (
	`unit_id` integer NOT NULL,
	`grain` text NOT NULL,
	`period` integer NOT NULL,
	`received` integer DEFAULT 0 NOT NULL,
	`online` integer DEFAULT 0 NOT NULL,
	`digitised` integer DEFAULT 0 NOT NULL,
	`resolved_on_time` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`unit_id`, `grain`, `period`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `ratings_comments` ON `ratings` (`unit_id`,`rated_at`) WHERE "ratings"."comment" is not null;--> statement-breakpoint
CREATE INDEX `transactions_open` ON `transactions` (`unit_id`,`received_at`,`due_at`) WHERE "transactions"."resolved_at" is null;
--> statement-breakpoint
-- Triggers keep the rollups current on every path that writes ratings or dossiers (capture,
-- imports, seed, bulk loads, purges), in the writing statement's own transaction. Ratings are
-- append-only today; their update trigger keeps the counts right should one ever be corrected.
-- Dossier imports re-send a dossier when it is resolved: that is the dossiers' update trigger.
CREATE TRIGGER rating_rollups_insert AFTER INSERT ON ratings BEGIN
  INSERT INTO rating_counts (unit_id, grain, period, channel, counter_id, l1, l2, l3, l4, l5)
    SELECT new.unit_id, 'day', (new.rated_at + 25200000) / 86400000, new.channel, coalesce(new.counter_id, 0), new.level = 1, new.level = 2, new.level = 3, new.level = 4, new.level = 5 WHERE new.counted
    ON CONFLICT (unit_id, grain, period, channel, counter_id) DO UPDATE SET l1 = l1 + excluded.l1, l2 = l2 + excluded.l2, l3 = l3 + excluded.l3, l4 = l4 + excluded.l4, l5 = l5 + excluded.l5;
  INSERT INTO rating_hour_counts (unit_id, grain, period, weekday, hour, l1, l2, l3, l4, l5)
    SELECT new.unit_id, 'day', (new.rated_at + 25200000) / 86400000, ((new.rated_at + 25200000) / 86400000 + 3) % 7, ((new.rated_at + 25200000) / 3600000) % 24, new.level = 1, new.level = 2, new.level = 3, new.level = 4, new.level = 5 WHERE new.counted
    ON CONFLICT (unit_id, grain, period, weekday, hour) DO UPDATE SET l1 = l1 + excluded.l1, l2 = l2 + excluded.l2, l3 = l3 + excluded.l3, l4 = l4 + excluded.l4, l5 = l5 + excluded.l5;
  INSERT INTO rating_counts (unit_id, grain, period, channel, counter_id, l1, l2, l3, l4, l5)
    SELECT new.unit_id, 'month', (cast(strftime('%Y', (new.rated_at + 25200000) / 1000, 'unixepoch') as integer) - 1970) * 12 + cast(strftime('%m', (new.rated_at + 25200000) / 1000, 'unixepoch') as integer) - 1, new.channel, coalesce(new.counter_id, 0), new.level = 1, new.level = 2, new.level = 3, new.level = 4, new.level = 5 WHERE new.counted
    ON CONFLICT (unit_id, grain, period, channel, counter_id) DO UPDATE SET l1 = l1 + excluded.l1, l2 = l2 + excluded.l2, l3 = l3 + excluded.l3, l4 = l4 + excluded.l4, l5 = l5 + excluded.l5;
  INSERT INTO rating_hour_counts (unit_id, grain, period, weekday, hour, l1, l2, l3, l4, l5)
    SELECT new.unit_id, 'month', (cast(strftime('%Y', (new.rated_at + 25200000) / 1000, 'unixepoch') as integer) - 1970) * 12 + cast(strftime('%m', (new.rated_at + 25200000) / 1000, 'unixepoch') as integer) - 1, ((new.rated_at + 25200000) / 86400000 + 3) % 7, ((new.rated_at + 25200000) / 3600000) % 24, new.level = 1, new.level = 2, new.level = 3, new.level = 4, new.level = 5 WHERE new.counted
    ON CONFLICT (unit_id, grain, period, weekday, hour) DO UPDATE SET l1 = l1 + excluded.l1, l2 = l2 + excluded.l2, l3 = l3 + excluded.l3, l4 = l4 + excluded.l4, l5 = l5 + excluded.l5;
END;
--> statement-breakpoint
CREATE TRIGGER rating_rollups_delete AFTER DELETE ON ratings BEGIN
  UPDATE rating_counts SET l1 = l1 - (old.level = 1), l2 = l2 - (old.level = 2), l3 = l3 - (old.level = 3), l4 = l4 - (old.level = 4), l5 = l5 - (old.level = 5)
    WHERE old.counted AND unit_id = old.unit_id AND grain = 'day' AND period = (old.rated_at + 25200000) / 86400000 AND channel = old.channel AND counter_id = coalesce(old.counter_id, 0);
  UPDATE rating_hour_counts SET l1 = l1 - (old.level = 1), l2 = l2 - (old.level = 2), l3 = l3 - (old.level = 3), l4 = l4 - (old.level = 4), l5 = l5 - (old.level = 5)
    WHERE old.counted AND unit_id = old.unit_id AND grain = 'day' AND period = (old.rated_at + 25200000) / 86400000 AND weekday = ((old.rated_at + 25200000) / 86400000 + 3) % 7 AND hour = ((old.rated_at + 25200000) / 3600000) % 24;
  UPDATE rating_counts SET l1 = l1 - (old.level = 1), l2 = l2 - (old.level = 2), l3 = l3 - (old.level = 3), l4 = l4 - (old.level = 4), l5 = l5 - (old.level = 5)
    WHERE old.counted AND unit_id = old.unit_id AND grain = 'month' AND period = (cast(strftime('%Y', (old.rated_at + 25200000) / 1000, 'unixepoch') as integer) - 1970) * 12 + cast(strftime('%m', (old.rated_at + 25200000) / 1000, 'unixepoch') as integer) - 1 AND channel = old.channel AND counter_id = coalesce(old.counter_id, 0);
  UPDATE rating_hour_counts SET l1 = l1 - (old.level = 1), l2 = l2 - (old.level = 2), l3 = l3 - (old.level = 3), l4 = l4 - (old.level = 4), l5 = l5 - (old.level = 5)
    WHERE old.counted AND unit_id = old.unit_id AND grain = 'month' AND period = (cast(strftime('%Y', (old.rated_at + 25200000) / 1000, 'unixepoch') as integer) - 1970) * 12 + cast(strftime('%m', (old.rated_at + 25200000) / 1000, 'unixepoch') as integer) - 1 AND weekday = ((old.rated_at + 25200000) / 86400000 + 3) % 7 AND hour = ((old.rated_at + 25200000) / 3600000) % 24;
END;
--> statement-breakpoint
CREATE TRIGGER rating_rollups_update AFTER UPDATE OF unit_id, counter_id, channel, level, rated_at, counted ON ratings BEGIN
  UPDATE rating_counts SET l1 = l1 - (old.level = 1), l2 = l2 - (old.level = 2), l3 = l3 - (old.level = 3), l4 = l4 - (old.level = 4), l5 = l5 - (old.level = 5)
    WHERE old.counted AND unit_id = old.unit_id AND grain = 'day' AND period = (old.rated_at + 25200000) / 86400000 AND channel = old.channel AND counter_id = coalesce(old.counter_id, 0);
  UPDATE rating_hour_counts SET l1 = l1 - (old.level = 1), l2 = l2 - (old.level = 2), l3 = l3 - (old.level = 3), l4 = l4 - (old.level = 4), l5 = l5 - (old.level = 5)
    WHERE old.counted AND unit_id = old.unit_id AND grain = 'day' AND period = (old.rated_at + 25200000) / 86400000 AND weekday = ((old.rated_at + 25200000) / 86400000 + 3) % 7 AND hour = ((old.rated_at + 25200000) / 3600000) % 24;
  UPDATE rating_counts SET l1 = l1 - (old.level = 1), l2 = l2 - (old.level = 2), l3 = l3 - (old.level = 3), l4 = l4 - (old.level = 4), l5 = l5 - (old.level = 5)
    WHERE old.counted AND unit_id = old.unit_id AND grain = 'month' AND period = (cast(strftime('%Y', (old.rated_at + 25200000) / 1000, 'unixepoch') as integer) - 1970) * 12 + cast(strftime('%m', (old.rated_at + 25200000) / 1000, 'unixepoch') as integer) - 1 AND channel = old.channel AND counter_id = coalesce(old.counter_id, 0);
  UPDATE rating_hour_counts SET l1 = l1 - (old.level = 1), l2 = l2 - (old.level = 2), l3 = l3 - (old.level = 3), l4 = l4 - (old.level = 4), l5 = l5 - (old.level = 5)
    WHERE old.counted AND unit_id = old.unit_id AND grain = 'month' AND period = (cast(strftime('%Y', (old.rated_at + 25200000) / 1000, 'unixepoch') as integer) - 1970) * 12 + cast(strftime('%m', (old.rated_at + 25200000) / 1000, 'unixepoch') as integer) - 1 AND weekday = ((old.rated_at + 25200000) / 86400000 + 3) % 7 AND hour = ((old.rated_at + 25200000) / 3600000) % 24;
  INSERT INTO rating_counts (unit_id, grain, period, channel, counter_id, l1, l2, l3, l4, l5)
    SELECT new.unit_id, 'day', (new.rated_at + 25200000) / 86400000, new.channel, coalesce(new.counter_id, 0), new.level = 1, new.level = 2, new.level = 3, new.level = 4, new.level = 5 WHERE new.counted
    ON CONFLICT (unit_id, grain, period, channel, counter_id) DO UPDATE SET l1 = l1 + excluded.l1, l2 = l2 + excluded.l2, l3 = l3 + excluded.l3, l4 = l4 + excluded.l4, l5 = l5 + excluded.l5;
  INSERT INTO rating_hour_counts (unit_id, grain, period, weekday, hour, l1, l2, l3, l4, l5)
    SELECT new.unit_id, 'day', (new.rated_at + 25200000) / 86400000, ((new.rated_at + 25200000) / 86400000 + 3) % 7, ((new.rated_at + 25200000) / 3600000) % 24, new.level = 1, new.level = 2, new.level = 3, new.level = 4, new.level = 5 WHERE new.counted
    ON CONFLICT (unit_id, grain, period, weekday, hour) DO UPDATE SET l1 = l1 + excluded.l1, l2 = l2 + excluded.l2, l3 = l3 + excluded.l3, l4 = l4 + excluded.l4, l5 = l5 + excluded.l5;
  INSERT INTO rating_counts (unit_id, grain, period, channel, counter_id, l1, l2, l3, l4, l5)
    SELECT new.unit_id, 'month', (cast(strftime('%Y', (new.rated_at + 25200000) / 1000, 'unixepoch') as integer) - 1970) * 12 + cast(strftime('%m', (new.rated_at + 25200000) / 1000, 'unixepoch') as integer) - 1, new.channel, coalesce(new.counter_id, 0), new.level = 1, new.level = 2, new.level = 3, new.level = 4, new.level = 5 WHERE new.counted
    ON CONFLICT (unit_id, grain, period, channel, counter_id) DO UPDATE SET l1 = l1 + excluded.l1, l2 = l2 + excluded.l2, l3 = l3 + excluded.l3, l4 = l4 + excluded.l4, l5 = l5 + excluded.l5;
  INSERT INTO rating_hour_counts (unit_id, grain, period, weekday, hour, l1, l2, l3, l4, l5)
    SELECT new.unit_id, 'month', (cast(strftime('%Y', (new.rated_at + 25200000) / 1000, 'unixepoch') as integer) - 1970) * 12 + cast(strftime('%m', (new.rated_at + 25200000) / 1000, 'unixepoch') as integer) - 1, ((new.rated_at + 25200000) / 86400000 + 3) % 7, ((new.rated_at + 25200000) / 3600000) % 24, new.level = 1, new.level = 2, new.level = 3, new.level = 4, new.level = 5 WHERE new.counted
    ON CONFLICT (unit_id, grain, period, weekday, hour) DO UPDATE SET l1 = l1 + excluded.l1, l2 = l2 + excluded.l2, l3 = l3 + excluded.l3, l4 = l4 + excluded.l4, l5 = l5 + excluded.l5;
  UPDATE rating_reason_counts SET n = n - 1
    WHERE old.counted AND unit_id = old.unit_id AND grain = 'day' AND period = (old.rated_at + 25200000) / 86400000 AND reason IN (SELECT reason FROM rating_reasons WHERE rating_id = old.id);
  UPDATE rating_reason_counts SET n = n - 1
    WHERE old.counted AND unit_id = old.unit_id AND grain = 'month' AND period = (cast(strftime('%Y', (old.rated_at + 25200000) / 1000, 'unixepoch') as integer) - 1970) * 12 + cast(strftime('%m', (old.rated_at + 25200000) / 1000, 'unixepoch') as integer) - 1 AND reason IN (SELECT reason FROM rating_reasons WHERE rating_id = old.id);
  INSERT INTO rating_reason_counts (unit_id, grain, period, reason, n)
    SELECT new.unit_id, 'day', (new.rated_at + 25200000) / 86400000, reason, 1 FROM rating_reasons WHERE rating_id = new.id AND new.counted
    ON CONFLICT (unit_id, grain, period, reason) DO UPDATE SET n = n + 1;
  INSERT INTO rating_reason_counts (unit_id, grain, period, reason, n)
    SELECT new.unit_id, 'month', (cast(strftime('%Y', (new.rated_at + 25200000) / 1000, 'unixepoch') as integer) - 1970) * 12 + cast(strftime('%m', (new.rated_at + 25200000) / 1000, 'unixepoch') as integer) - 1, reason, 1 FROM rating_reasons WHERE rating_id = new.id AND new.counted
    ON CONFLICT (unit_id, grain, period, reason) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER rating_reason_rollups_insert AFTER INSERT ON rating_reasons BEGIN
  INSERT INTO rating_reason_counts (unit_id, grain, period, reason, n)
    SELECT r.unit_id, 'day', (r.rated_at + 25200000) / 86400000, new.reason, 1 FROM ratings r WHERE r.id = new.rating_id AND r.counted
    ON CONFLICT (unit_id, grain, period, reason) DO UPDATE SET n = n + 1;
  INSERT INTO rating_reason_counts (unit_id, grain, period, reason, n)
    SELECT r.unit_id, 'month', (cast(strftime('%Y', (r.rated_at + 25200000) / 1000, 'unixepoch') as integer) - 1970) * 12 + cast(strftime('%m', (r.rated_at + 25200000) / 1000, 'unixepoch') as integer) - 1, new.reason, 1 FROM ratings r WHERE r.id = new.rating_id AND r.counted
    ON CONFLICT (unit_id, grain, period, reason) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER rating_reason_rollups_delete AFTER DELETE ON rating_reasons BEGIN
  UPDATE rating_reason_counts SET n = n - 1
    WHERE (unit_id, grain, period) = (SELECT r.unit_id, 'day', (r.rated_at + 25200000) / 86400000 FROM ratings r WHERE r.id = old.rating_id AND r.counted) AND reason = old.reason;
  UPDATE rating_reason_counts SET n = n - 1
    WHERE (unit_id, grain, period) = (SELECT r.unit_id, 'month', (cast(strftime('%Y', (r.rated_at + 25200000) / 1000, 'unixepoch') as integer) - 1970) * 12 + cast(strftime('%m', (r.rated_at + 25200000) / 1000, 'unixepoch') as integer) - 1 FROM ratings r WHERE r.id = old.rating_id AND r.counted) AND reason = old.reason;
END;
--> statement-breakpoint
CREATE TRIGGER transaction_rollups_insert AFTER INSERT ON transactions BEGIN
  INSERT INTO transaction_counts (unit_id, grain, period, received, online, digitised, resolved_on_time)
    VALUES (new.unit_id, 'day', (new.received_at + 25200000) / 86400000, 1, new.channel = 'online', new.digitised <> 0, new.resolved_at IS NOT NULL AND new.resolved_at <= new.due_at)
    ON CONFLICT (unit_id, grain, period) DO UPDATE SET received = received + 1, online = online + excluded.online, digitised = digitised + excluded.digitised, resolved_on_time = resolved_on_time + excluded.resolved_on_time;
  INSERT INTO transaction_counts (unit_id, grain, period, received, online, digitised, resolved_on_time)
    VALUES (new.unit_id, 'month', (cast(strftime('%Y', (new.received_at + 25200000) / 1000, 'unixepoch') as integer) - 1970) * 12 + cast(strftime('%m', (new.received_at + 25200000) / 1000, 'unixepoch') as integer) - 1, 1, new.channel = 'online', new.digitised <> 0, new.resolved_at IS NOT NULL AND new.resolved_at <= new.due_at)
    ON CONFLICT (unit_id, grain, period) DO UPDATE SET received = received + 1, online = online + excluded.online, digitised = digitised + excluded.digitised, resolved_on_time = resolved_on_time + excluded.resolved_on_time;
END;
--> statement-breakpoint
CREATE TRIGGER transaction_rollups_delete AFTER DELETE ON transactions BEGIN
  UPDATE transaction_counts SET received = received - 1, online = online - (old.channel = 'online'), digitised = digitised - (old.digitised <> 0), resolved_on_time = resolved_on_time - (old.resolved_at IS NOT NULL AND old.resolved_at <= old.due_at)
    WHERE unit_id = old.unit_id AND grain = 'day' AND period = (old.received_at + 25200000) / 86400000;
  UPDATE transaction_counts SET received = received - 1, online = online - (old.channel = 'online'), digitised = digitised - (old.digitised <> 0), resolved_on_time = resolved_on_time - (old.resolved_at IS NOT NULL AND old.resolved_at <= old.due_at)
    WHERE unit_id = old.unit_id AND grain = 'month' AND period = (cast(strftime('%Y', (old.received_at + 25200000) / 1000, 'unixepoch') as integer) - 1970) * 12 + cast(strftime('%m', (old.received_at + 25200000) / 1000, 'unixepoch') as integer) - 1;
END;
--> statement-breakpoint
CREATE TRIGGER transaction_rollups_update AFTER UPDATE OF unit_id, channel, received_at, due_at, resolved_at, digitised ON transactions BEGIN
  UPDATE transaction_counts SET received = received - 1, online = online - (old.channel = 'online'), digitised = digitised - (old.digitised <> 0), resolved_on_time = resolved_on_time - (old.resolved_at IS NOT NULL AND old.resolved_at <= old.due_at)
    WHERE unit_id = old.unit_id AND grain = 'day' AND period = (old.received_at + 25200000) / 86400000;
  UPDATE transaction_counts SET received = received - 1, online = online - (old.channel = 'online'), digitised = digitised - (old.digitised <> 0), resolved_on_time = resolved_on_time - (old.resolved_at IS NOT NULL AND old.resolved_at <= old.due_at)
    WHERE unit_id = old.unit_id AND grain = 'month' AND period = (cast(strftime('%Y', (old.received_at + 25200000) / 1000, 'unixepoch') as integer) - 1970) * 12 + cast(strftime('%m', (old.received_at + 25200000) / 1000, 'unixepoch') as integer) - 1;
  INSERT INTO transaction_counts (unit_id, grain, period, received, online, digitised, resolved_on_time)
    VALUES (new.unit_id, 'day', (new.received_at + 25200000) / 86400000, 1, new.channel = 'online', new.digitised <> 0, new.resolved_at IS NOT NULL AND new.resolved_at <= new.due_at)
    ON CONFLICT (unit_id, grain, period) DO UPDATE SET received = received + 1, online = online + excluded.online, digitised = digitised + excluded.digitised, resolved_on_time = resolved_on_time + excluded.resolved_on_time;
  INSERT INTO transaction_counts (unit_id, grain, period, received, online, digitised, resolved_on_time)
    VALUES (new.unit_id, 'month', (cast(strftime('%Y', (new.received_at + 25200000) / 1000, 'unixepoch') as integer) - 1970) * 12 + cast(strftime('%m', (new.received_at + 25200000) / 1000, 'unixepoch') as integer) - 1, 1, new.channel = 'online', new.digitised <> 0, new.resolved_at IS NOT NULL AND new.resolved_at <= new.due_at)
    ON CONFLICT (unit_id, grain, period) DO UPDATE SET received = received + 1, online = online + excluded.online, digitised = digitised + excluded.digitised, resolved_on_time = resolved_on_time + excluded.resolved_on_time;
END;
--> statement-breakpoint
-- Records stored before this migration.
INSERT INTO rating_counts (unit_id, grain, period, channel, counter_id, l1, l2, l3, l4, l5)
  SELECT unit_id, 'day', (rated_at + 25200000) / 86400000, channel, coalesce(counter_id, 0), sum(level = 1), sum(level = 2), sum(level = 3), sum(level = 4), sum(level = 5)
  FROM ratings WHERE counted GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
INSERT INTO rating_hour_counts (unit_id, grain, period, weekday, hour, l1, l2, l3, l4, l5)
  SELECT unit_id, 'day', (rated_at + 25200000) / 86400000, ((rated_at + 25200000) / 86400000 + 3) % 7, ((rated_at + 25200000) / 3600000) % 24, sum(level = 1), sum(level = 2), sum(level = 3), sum(level = 4), sum(level = 5)
  FROM ratings WHERE counted GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
INSERT INTO rating_reason_counts (unit_id, grain, period, reason, n)
  SELECT r.unit_id, 'day', (r.rated_at + 25200000) / 86400000, x.reason, count(*)
  FROM rating_reasons x JOIN ratings r ON r.id = x.rating_id WHERE r.counted GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO transaction_counts (unit_id, grain, period, received, online, digitised, resolved_on_time)
  SELECT unit_id, 'day', (received_at + 25200000) / 86400000, count(*), sum(channel = 'online'), sum(digitised <> 0), sum(resolved_at IS NOT NULL AND resolved_at <= due_at)
  FROM transactions GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO rating_counts (unit_id, grain, period, channel, counter_id, l1, l2, l3, l4, l5)
  SELECT unit_id, 'month', (cast(strftime('%Y', (rated_at + 25200000) / 1000, 'unixepoch') as integer) - 1970) * 12 + cast(strftime('%m', (rated_at + 25200000) / 1000, 'unixepoch') as integer) - 1, channel, coalesce(counter_id, 0), sum(level = 1), sum(level = 2), sum(level = 3), sum(level = 4), sum(level = 5)
  FROM ratings WHERE counted GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
INSERT INTO rating_hour_counts (unit_id, grain, period, weekday, hour, l1, l2, l3, l4, l5)
  SELECT unit_id, 'month', (cast(strftime('%Y', (rated_at + 25200000) / 1000, 'unixepoch') as integer) - 1970) * 12 + cast(strftime('%m', (rated_at + 25200000) / 1000, 'unixepoch') as integer) - 1, ((rated_at + 25200000) / 86400000 + 3) % 7, ((rated_at + 25200000) / 3600000) % 24, sum(level = 1), sum(level = 2), sum(level = 3), sum(level = 4), sum(level = 5)
  FROM ratings WHERE counted GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
INSERT INTO rating_reason_counts (unit_id, grain, period, reason, n)
  SELECT r.unit_id, 'month', (cast(strftime('%Y', (r.rated_at + 25200000) / 1000, 'unixepoch') as integer) - 1970) * 12 + cast(strftime('%m', (r.rated_at + 25200000) / 1000, 'unixepoch') as integer) - 1, x.reason, count(*)
  FROM rating_reasons x JOIN ratings r ON r.id = x.rating_id WHERE r.counted GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO transaction_counts (unit_id, grain, period, received, online, digitised, resolved_on_time)
  SELECT unit_id, 'month', (cast(strftime('%Y', (received_at + 25200000) / 1000, 'unixepoch') as integer) - 1970) * 12 + cast(strftime('%m', (received_at + 25200000) / 1000, 'unixepoch') as integer) - 1, count(*), sum(channel = 'online'), sum(digitised <> 0), sum(resolved_at IS NOT NULL AND resolved_at <= due_at)
  FROM transactions GROUP BY 1, 2, 3;
