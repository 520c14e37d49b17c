CREATE TABLE `rating_counts_below` (
	`unit_id` integer NOT NULL,
	`grain` text NOT NULL,
	`period` integer NOT NULL,
	`channel` text NOT NULL,
	`l1` integer DEFAULT 0 NOT NULL,
	`l2` integer DEFAULT 0 NOT NULL,
	`l3` integer DEFAULT 0 NOT NULL,
	`l4` integer DEFAULT 0 NOT NULL,
	`l5` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`unit_id`, `grain`, `period`, `channel`)
);
--> statement-breakpoint
CREATE TABLE `rating_hour_counts_below` (
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
);
--> statement-breakpoint
CREATE TABLE `rating_reason_counts_below` (
	`unit_id` integer NOT NULL,
	`grain` text NOT NULL,
	`period` integer NOT NULL,
	`reason` text NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`unit_id`, `grain`, `period`, `reason`)
);
--> statement-breakpoint
CREATE TABLE `transaction_counts_below` (
	`unit_id` integer NOT NULL,
	`grain` text NOT NULL,
	`period` integer NOT NULL,
	`received` integer DEFAULT 0 NOT NULL,
	`online` integer DEFAULT 0 NOT NULL,
	`digitised` integer DEFAULT 0 NOT NULL,
	`resolved_on_time` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`unit_id`, `grain`, `period`)
);
--> statement-breakpoint
CREATE TABLE `unit_reach` (
	`unit_id` integer NOT NULL,
	`ancestor_id` integer NOT NULL,
	PRIMARY KEY(`unit_id`, `ancestor_id`)
);
--> statement-breakpoint
CREATE INDEX `unit_reach_below` ON `unit_reach` (`ancestor_id`,`unit_id`);--> statement-breakpoint
CREATE TABLE `unit_reach_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`stale` integer NOT NULL
);
--> statement-breakpoint
-- Rollups per ancestor (see unit_reach in api/platform/db/schema.ts). Each rollup's triggers add
-- its changes to the rows of every unit above: the rating and dossier triggers stay as they were.
-- A rollup row's key never changes (the triggers only add to its counts), so an update moves its
-- difference. unit_reach starts empty and stale: the application fills it, and the rows below,
-- from the tree and the rollups already stored (api/units/reach.ts) before it serves.
INSERT INTO `unit_reach_state` (`id`, `stale`) VALUES (1, 1)
--> statement-breakpoint
CREATE TRIGGER rating_counts_below_insert AFTER INSERT ON rating_counts BEGIN
  INSERT INTO rating_counts_below (unit_id, grain, period, channel, l1, l2, l3, l4, l5)
    SELECT a.ancestor_id, new.grain, new.period, new.channel, new.l1, new.l2, new.l3, new.l4, new.l5 FROM unit_reach a WHERE a.unit_id = new.unit_id
    ON CONFLICT (unit_id, grain, period, channel) DO UPDATE SET l1 = l1 + excluded.l1, l2 = l2 + excluded.l2, l3 = l3 + excluded.l3, l4 = l4 + excluded.l4, l5 = l5 + excluded.l5;
END;
--> statement-breakpoint
CREATE TRIGGER rating_counts_below_update AFTER UPDATE OF l1, l2, l3, l4, l5 ON rating_counts BEGIN
  INSERT INTO rating_counts_below (unit_id, grain, period, channel, l1, l2, l3, l4, l5)
    SELECT a.ancestor_id, new.grain, new.period, new.channel, new.l1 - old.l1, new.l2 - old.l2, new.l3 - old.l3, new.l4 - old.l4, new.l5 - old.l5 FROM unit_reach a WHERE a.unit_id = new.unit_id
    ON CONFLICT (unit_id, grain, period, channel) DO UPDATE SET l1 = l1 + excluded.l1, l2 = l2 + excluded.l2, l3 = l3 + excluded.l3, l4 = l4 + excluded.l4, l5 = l5 + excluded.l5;
END;
--> statement-breakpoint
CREATE TRIGGER rating_counts_below_delete AFTER DELETE ON rating_counts BEGIN
  UPDATE rating_counts_below SET l1 = l1 - old.l1, l2 = l2 - old.l2, l3 = l3 - old.l3, l4 = l4 - old.l4, l5 = l5 - old.l5
    WHERE unit_id IN (SELECT ancestor_id FROM unit_reach WHERE unit_id = old.unit_id) AND grain = old.grain AND period = old.period AND channel = old.channel;
END;
--> statement-breakpoint
CREATE TRIGGER rating_hour_counts_below_insert AFTER INSERT ON rating_hour_counts BEGIN
  INSERT INTO rating_hour_counts_below (unit_id, grain, period, weekday, hour, l1, l2, l3, l4, l5)
    SELECT a.ancestor_id, new.grain, new.period, new.weekday, new.hour, new.l1, new.l2, new.l3, new.l4, new.l5 FROM unit_reach a WHERE a.unit_id = new.unit_id
    ON CONFLICT (unit_id, grain, period, weekday, hour) DO UPDATE SET l1 = l1 + excluded.l1, l2 = l2 + excluded.l2, l3 = l3 + excluded.l3, l4 = l4 + excluded.l4, l5 = l5 + excluded.l5;
END;
--> statement-breakpoint
CREATE TRIGGER rating_hour_counts_below_update AFTER UPDATE OF l1, l2, l3, l4, l5 ON rating_hour_counts BEGIN
  INSERT INTO rating_hour_counts_below (unit_id, grain, period, weekday, hour, l1, l2, l3, l4, l5)
    SELECT a.ancestor_id, new.grain, new.period, new.weekday, new.hour, new.l1 - old.l1, new.l2 - old.l2, new.l3 - old.l3, new.l4 - old.l4, new.l5 - old.l5 FROM unit_reach a WHERE a.unit_id = new.unit_id
    ON CONFLICT (unit_id, grain, period, weekday, hour) DO UPDATE SET l1 = l1 + excluded.l1, l2 = l2 + excluded.l2, l3 = l3 + excluded.l3, l4 = l4 + excluded.l4, l5 = l5 + excluded.l5;
END;
--> statement-breakpoint
CREATE TRIGGER rating_hour_counts_below_delete AFTER DELETE ON rating_hour_counts BEGIN
  UPDATE rating_hour_counts_below SET l1 = l1 - old.l1, l2 = l2 - old.l2, l3 = l3 - old.l3, l4 = l4 - old.l4, l5 = l5 - old.l5
    WHERE unit_id IN (SELECT ancestor_id FROM unit_reach WHERE unit_id = old.unit_id) AND grain = old.grain AND period = old.period AND weekday = old.weekday AND hour = old.hour;
END;
--> statement-breakpoint
CREATE TRIGGER rating_reason_counts_below_insert AFTER INSERT ON rating_reason_counts BEGIN
  INSERT INTO rating_reason_counts_below (unit_id, grain, period, reason, n)
    SELECT a.ancestor_id, new.grain, new.period, new.reason, new.n FROM unit_reach a WHERE a.unit_id = new.unit_id
    ON CONFLICT (unit_id, grain, period, reason) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER rating_reason_counts_below_update AFTER UPDATE OF n ON rating_reason_counts BEGIN
  INSERT INTO rating_reason_counts_below (unit_id, grain, period, reason, n)
    SELECT a.ancestor_id, new.grain, new.period, new.reason, new.n - old.n FROM unit_reach a WHERE a.unit_id = new.unit_id
    ON CONFLICT (unit_id, grain, period, reason) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER rating_reason_counts_below_delete AFTER DELETE ON rating_reason_counts BEGIN
  UPDATE rating_reason_counts_below SET n = n - old.n
    WHERE unit_id IN (SELECT ancestor_id FROM unit_reach WHERE unit_id = old.unit_id) AND grain = old.grain AND period = old.period AND reason = old.reason;
END;
--> statement-breakpoint
CREATE TRIGGER transaction_counts_below_insert AFTER INSERT ON transaction_counts BEGIN
  INSERT INTO transaction_counts_below (unit_id, grain, period, received, online, digitised, resolved_on_time)
    SELECT a.ancestor_id, new.grain, new.period, new.received, new.online, new.digitised, new.resolved_on_time FROM unit_reach a WHERE a.unit_id = new.unit_id
    ON CONFLICT (unit_id, grain, period) DO UPDATE SET received = received + excluded.received, online = online + excluded.online, digitised = digitised + excluded.digitised, resolved_on_time = resolved_on_time + excluded.resolved_on_time;
END;
--> statement-breakpoint
CREATE TRIGGER transaction_counts_below_update AFTER UPDATE OF received, online, digitised, resolved_on_time ON transaction_counts BEGIN
  INSERT INTO transaction_counts_below (unit_id, grain, period, received, online, digitised, resolved_on_time)
    SELECT a.ancestor_id, new.grain, new.period, new.received - old.received, new.online - old.online, new.digitised - old.digitised, new.resolved_on_time - old.resolved_on_time FROM unit_reach a WHERE a.unit_id = new.unit_id
    ON CONFLICT (unit_id, grain, period) DO UPDATE SET received = received + excluded.received, online = online + excluded.online, digitised = digitised + excluded.digitised, resolved_on_time = resolved_on_time + excluded.resolved_on_time;
END;
--> statement-breakpoint
CREATE TRIGGER transaction_counts_below_delete AFTER DELETE ON transaction_counts BEGIN
  UPDATE transaction_counts_below SET received = received - old.received, online = online - old.online, digitised = digitised - old.digitised, resolved_on_time = resolved_on_time - old.resolved_on_time
    WHERE unit_id IN (SELECT ancestor_id FROM unit_reach WHERE unit_id = old.unit_id) AND grain = old.grain AND period = old.period;
END;
--> statement-breakpoint
-- A change to the tree leaves unit_reach behind it until the application rewrites it.
CREATE TRIGGER units_reach_insert AFTER INSERT ON units WHEN new.parent_id IS NOT NULL OR new.merged_into_id IS NOT NULL BEGIN
  UPDATE unit_reach_state SET stale = 1;
END;
--> statement-breakpoint
CREATE TRIGGER units_reach_update AFTER UPDATE OF parent_id, merged_into_id ON units
  WHEN new.parent_id IS NOT old.parent_id OR new.merged_into_id IS NOT old.merged_into_id BEGIN
  UPDATE unit_reach_state SET stale = 1;
END;
--> statement-breakpoint
CREATE TRIGGER units_reach_delete AFTER DELETE ON units BEGIN
  UPDATE unit_reach_state SET stale = 1;
END;
