CREATE TABLE `rating_days` (
	`unit_id` integer NOT NULL,
	`day` integer NOT NULL,
	`channel` text NOT NULL,
	`counter_id` integer NOT NULL,
	`l1` integer DEFAULT 0 NOT NULL,
	`l2` integer DEFAULT 0 NOT NULL,
	`l3` integer DEFAULT 0 NOT NULL,
	`l4` integer DEFAULT 0 NOT NULL,
	`l5` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`unit_id`, `day`, `channel`, `counter_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `rating_hours` (
	`unit_id` integer NOT NULL,
	`day` integer NOT NULL,
	`hour` integer NOT NULL,
	`l1` integer DEFAULT 0 NOT NULL,
	`l2` integer DEFAULT 0 NOT NULL,
	`l3` integer DEFAULT 0 NOT NULL,
	`l4` integer DEFAULT 0 NOT NULL,
	`l5` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`unit_id`, `day`, `hour`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `rating_reason_days` (
	`unit_id` integer NOT NULL,
	`day` integer NOT NULL,
	`reason` text NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`unit_id`, `day`, `reason`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `ratings_comments` ON `ratings` (`unit_id`,`rated_at`) WHERE "ratings"."comment" is not null;
--> statement-breakpoint
-- Triggers keep the rollups current on every path that writes ratings (capture, imports, seed, bulk
-- loads, purges) in the writing statement's own transaction. Ratings are append-only today; the
-- update trigger keeps the counts right should one ever be corrected.
CREATE TRIGGER rating_rollups_insert AFTER INSERT ON ratings BEGIN
  INSERT INTO rating_days (unit_id, day, channel, counter_id, l1, l2, l3, l4, l5)
    SELECT new.unit_id, (new.rated_at + 25200000) / 86400000, new.channel, coalesce(new.counter_id, 0), new.level = 1, new.level = 2, new.level = 3, new.level = 4, new.level = 5
    WHERE new.counted
    ON CONFLICT (unit_id, day, channel, counter_id) DO UPDATE SET l1 = l1 + excluded.l1, l2 = l2 + excluded.l2, l3 = l3 + excluded.l3, l4 = l4 + excluded.l4, l5 = l5 + excluded.l5;
  INSERT INTO rating_hours (unit_id, day, hour, l1, l2, l3, l4, l5)
    SELECT new.unit_id, (new.rated_at + 25200000) / 86400000, ((new.rated_at + 25200000) / 3600000) % 24, new.level = 1, new.level = 2, new.level = 3, new.level = 4, new.level = 5
    WHERE new.counted
    ON CONFLICT (unit_id, day, hour) DO UPDATE SET l1 = l1 + excluded.l1, l2 = l2 + excluded.l2, l3 = l3 + excluded.l3, l4 = l4 + excluded.l4, l5 = l5 + excluded.l5;
END;
--> statement-breakpoint
CREATE TRIGGER rating_rollups_delete AFTER DELETE ON ratings BEGIN
  UPDATE rating_days SET l1 = l1 - (old.level = 1), l2 = l2 - (old.level = 2), l3 = l3 - (old.level = 3), l4 = l4 - (old.level = 4), l5 = l5 - (old.level = 5)
    WHERE old.counted AND unit_id = old.unit_id AND day = (old.rated_at + 25200000) / 86400000 AND channel = old.channel AND counter_id = coalesce(old.counter_id, 0);
  UPDATE rating_hours SET l1 = l1 - (old.level = 1), l2 = l2 - (old.level = 2), l3 = l3 - (old.level = 3), l4 = l4 - (old.level = 4), l5 = l5 - (old.level = 5)
    WHERE old.counted AND unit_id = old.unit_id AND day = (old.rated_at + 25200000) / 86400000 AND hour = ((old.rated_at + 25200000) / 3600000) % 24;
END;
--> statement-breakpoint
CREATE TRIGGER rating_rollups_update AFTER UPDATE OF unit_id, counter_id, channel, level, rated_at, counted ON ratings BEGIN
  UPDATE rating_days SET l1 = l1 - (old.level = 1), l2 = l2 - (old.level = 2), l3 = l3 - (old.level = 3), l4 = l4 - (old.level = 4), l5 = l5 - (old.level = 5)
    WHERE old.counted AND unit_id = old.unit_id AND day = (old.rated_at + 25200000) / 86400000 AND channel = old.channel AND counter_id = coalesce(old.counter_id, 0);
  UPDATE rating_hours SET l1 = l1 - (old.level = 1), l2 = l2 - (old.level = 2), l3 = l3 - (old.level = 3), l4 = l4 - (old.level = 4), l5 = l5 - (old.level = 5)
    WHERE old.counted AND unit_id = old.unit_id AND day = (old.rated_at + 25200000) / 86400000 AND hour = ((old.rated_at + 25200000) / 3600000) % 24;
  INSERT INTO rating_days (unit_id, day, channel, counter_id, l1, l2, l3, l4, l5)
    SELECT new.unit_id, (new.rated_at + 25200000) / 86400000, new.channel, coalesce(new.counter_id, 0), new.level = 1, new.level = 2, new.level = 3, new.level = 4, new.level = 5
    WHERE new.counted
    ON CONFLICT (unit_id, day, channel, counter_id) DO UPDATE SET l1 = l1 + excluded.l1, l2 = l2 + excluded.l2, l3 = l3 + excluded.l3, l4 = l4 + excluded.l4, l5 = l5 + excluded.l5;
  INSERT INTO rating_hours (unit_id, day, hour, l1, l2, l3, l4, l5)
    SELECT new.unit_id, (new.rated_at + 25200000) / 86400000, ((new.rated_at + 25200000) / 3600000) % 24, new.level = 1, new.level = 2, new.level = 3, new.level = 4, new.level = 5
    WHERE new.counted
    ON CONFLICT (unit_id, day, hour) DO UPDATE SET l1 = l1 + excluded.l1, l2 = l2 + excluded.l2, l3 = l3 + excluded.l3, l4 = l4 + excluded.l4, l5 = l5 + excluded.l5;
  UPDATE rating_reason_days SET n = n - 1
    WHERE old.counted AND unit_id = old.unit_id AND day = (old.rated_at + 25200000) / 86400000 AND reason IN (SELECT reason FROM rating_reasons WHERE rating_id = old.id);
  INSERT INTO rating_reason_days (unit_id, day, reason, n)
    SELECT new.unit_id, (new.rated_at + 25200000) / 86400000, reason, 1 FROM rating_reasons WHERE rating_id = new.id AND new.counted
    ON CONFLICT (unit_id, day, reason) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER rating_reason_rollups_insert AFTER INSERT ON rating_reasons BEGIN
  INSERT INTO rating_reason_days (unit_id, day, reason, n)
    SELECT r.unit_id, (r.rated_at + 25200000) / 86400000, new.reason, 1 FROM ratings r WHERE r.id = new.rating_id AND r.counted
    ON CONFLICT (unit_id, day, reason) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER rating_reason_rollups_delete AFTER DELETE ON rating_reasons BEGIN
  UPDATE rating_reason_days SET n = n - 1
    WHERE (unit_id, day) = (SELECT r.unit_id, (r.rated_at + 25200000) / 86400000 FROM ratings r WHERE r.id = old.rating_id AND r.counted) AND reason = old.reason;
END;
--> statement-breakpoint
-- Ratings stored before this migration.
INSERT INTO rating_days (unit_id, day, channel, counter_id, l1, l2, l3, l4, l5)
  SELECT unit_id, (ratings.rated_at + 25200000) / 86400000, channel, coalesce(counter_id, 0), sum(level = 1), sum(level = 2), sum(level = 3), sum(level = 4), sum(level = 5)
  FROM ratings WHERE counted GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO rating_hours (unit_id, day, hour, l1, l2, l3, l4, l5)
  SELECT unit_id, (ratings.rated_at + 25200000) / 86400000, ((ratings.rated_at + 25200000) / 3600000) % 24, sum(level = 1), sum(level = 2), sum(level = 3), sum(level = 4), sum(level = 5)
  FROM ratings WHERE counted GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO rating_reason_days (unit_id, day, reason, n)
  SELECT r.unit_id, (r.rated_at + 25200000) / 86400000, x.reason, count(*)
  FROM rating_reasons x JOIN ratings r ON r.id = x.rating_id WHERE r.counted GROUP BY 1, 2, 3;
