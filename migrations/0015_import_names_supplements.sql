CREATE TABLE `name_aliases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`target_id` integer NOT NULL,
	`user_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `name_aliases_kind_key` ON `name_aliases` (`kind`,`key`);--> statement-breakpoint
ALTER TABLE `transactions` ADD `supplement_requested_at` integer;--> statement-breakpoint
ALTER TABLE `transactions` ADD `supplement_received_at` integer;--> statement-breakpoint
-- QĐ 766 on time: the applicant's supplementation time (request to supplement received) is taken
-- off the processing time, and a dossier asked to supplement more than once is late.
DROP TRIGGER transaction_rollups_insert;
--> statement-breakpoint
DROP TRIGGER transaction_rollups_delete;
--> statement-breakpoint
DROP TRIGGER transaction_rollups_update;
--> statement-breakpoint
CREATE TRIGGER transaction_rollups_insert AFTER INSERT ON transactions BEGIN
  INSERT INTO transaction_counts (unit_id, grain, period, received, online, digitised, resolved_on_time)
    VALUES (new.unit_id, 'day', (new.received_at + 25200000) / 86400000, 1, new.channel = 'online', new.digitised <> 0, (new.resolved_at IS NOT NULL AND new.supplement_requests <= 1 AND new.resolved_at - coalesce(new.supplement_received_at - new.supplement_requested_at, 0) <= new.due_at))
    ON CONFLICT (unit_id, grain, period) DO UPDATE SET received = received + 1, online = online + excluded.online, digitised = digitised + excluded.digitised, resolved_on_time = resolved_on_time + excluded.resolved_on_time;
  INSERT INTO transaction_counts (unit_id, grain, period, received, online, digitised, resolved_on_time)
    VALUES (new.unit_id, 'month', (cast(strftime('%Y', (new.received_at + 25200000) / 1000, 'unixepoch') as integer) - 1970) * 12 + cast(strftime('%m', (new.received_at + 25200000) / 1000, 'unixepoch') as integer) - 1, 1, new.channel = 'online', new.digitised <> 0, (new.resolved_at IS NOT NULL AND new.supplement_requests <= 1 AND new.resolved_at - coalesce(new.supplement_received_at - new.supplement_requested_at, 0) <= new.due_at))
    ON CONFLICT (unit_id, grain, period) DO UPDATE SET received = received + 1, online = online + excluded.online, digitised = digitised + excluded.digitised, resolved_on_time = resolved_on_time + excluded.resolved_on_time;
END;
--> statement-breakpoint
CREATE TRIGGER transaction_rollups_delete AFTER DELETE ON transactions BEGIN
  UPDATE transaction_counts SET received = received - 1, online = online - (old.channel = 'online'), digitised = digitised - (old.digitised <> 0), resolved_on_time = resolved_on_time - ((old.resolved_at IS NOT NULL AND old.supplement_requests <= 1 AND old.resolved_at - coalesce(old.supplement_received_at - old.supplement_requested_at, 0) <= old.due_at))
    WHERE unit_id = old.unit_id AND grain = 'day' AND period = (old.received_at + 25200000) / 86400000;
  UPDATE transaction_counts SET received = received - 1, online = online - (old.channel = 'online'), digitised = digitised - (old.digitised <> 0), resolved_on_time = resolved_on_time - ((old.resolved_at IS NOT NULL AND old.supplement_requests <= 1 AND old.resolved_at - coalesce(old.supplement_received_at - old.supplement_requested_at, 0) <= old.due_at))
    WHERE unit_id = old.unit_id AND grain = 'month' AND period = (cast(strftime('%Y', (old.received_at + 25200000) / 1000, 'unixepoch') as integer) - 1970) * 12 + cast(strftime('%m', (old.received_at + 25200000) / 1000, 'unixepoch') as integer) - 1;
END;
--> statement-breakpoint
CREATE TRIGGER transaction_rollups_update AFTER UPDATE OF unit_id, channel, received_at, due_at, resolved_at, digitised, supplement_requests, supplement_requested_at, supplement_received_at ON transactions BEGIN
  UPDATE transaction_counts SET received = received - 1, online = online - (old.channel = 'online'), digitised = digitised - (old.digitised <> 0), resolved_on_time = resolved_on_time - ((old.resolved_at IS NOT NULL AND old.supplement_requests <= 1 AND old.resolved_at - coalesce(old.supplement_received_at - old.supplement_requested_at, 0) <= old.due_at))
    WHERE unit_id = old.unit_id AND grain = 'day' AND period = (old.received_at + 25200000) / 86400000;
  UPDATE transaction_counts SET received = received - 1, online = online - (old.channel = 'online'), digitised = digitised - (old.digitised <> 0), resolved_on_time = resolved_on_time - ((old.resolved_at IS NOT NULL AND old.supplement_requests <= 1 AND old.resolved_at - coalesce(old.supplement_received_at - old.supplement_requested_at, 0) <= old.due_at))
    WHERE unit_id = old.unit_id AND grain = 'month' AND period = (cast(strftime('%Y', (old.received_at + 25200000) / 1000, 'unixepoch') as integer) - 1970) * 12 + cast(strftime('%m', (old.received_at + 25200000) / 1000, 'unixepoch') as integer) - 1;
  INSERT INTO transaction_counts (unit_id, grain, period, received, online, digitised, resolved_on_time)
    VALUES (new.unit_id, 'day', (new.received_at + 25200000) / 86400000, 1, new.channel = 'online', new.digitised <> 0, (new.resolved_at IS NOT NULL AND new.supplement_requests <= 1 AND new.resolved_at - coalesce(new.supplement_received_at - new.supplement_requested_at, 0) <= new.due_at))
    ON CONFLICT (unit_id, grain, period) DO UPDATE SET received = received + 1, online = online + excluded.online, digitised = digitised + excluded.digitised, resolved_on_time = resolved_on_time + excluded.resolved_on_time;
  INSERT INTO transaction_counts (unit_id, grain, period, received, online, digitised, resolved_on_time)
    VALUES (new.unit_id, 'month', (cast(strftime('%Y', (new.received_at + 25200000) / 1000, 'unixepoch') as integer) - 1970) * 12 + cast(strftime('%m', (new.received_at + 25200000) / 1000, 'unixepoch') as integer) - 1, 1, new.channel = 'online', new.digitised <> 0, (new.resolved_at IS NOT NULL AND new.supplement_requests <= 1 AND new.resolved_at - coalesce(new.supplement_received_at - new.supplement_requested_at, 0) <= new.due_at))
    ON CONFLICT (unit_id, grain, period) DO UPDATE SET received = received + 1, online = online + excluded.online, digitised = digitised + excluded.digitised, resolved_on_time = resolved_on_time + excluded.resolved_on_time;
END;
--> statement-breakpoint
DELETE FROM transaction_counts;
--> statement-breakpoint
INSERT INTO transaction_counts (unit_id, grain, period, received, online, digitised, resolved_on_time)
  SELECT unit_id, 'day', (received_at + 25200000) / 86400000, count(*), sum(channel = 'online'), sum(digitised <> 0), sum(resolved_at IS NOT NULL AND supplement_requests <= 1 AND resolved_at - coalesce(supplement_received_at - supplement_requested_at, 0) <= due_at)
  FROM transactions GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO transaction_counts (unit_id, grain, period, received, online, digitised, resolved_on_time)
  SELECT unit_id, 'month', (cast(strftime('%Y', (received_at + 25200000) / 1000, 'unixepoch') as integer) - 1970) * 12 + cast(strftime('%m', (received_at + 25200000) / 1000, 'unixepoch') as integer) - 1, count(*), sum(channel = 'online'), sum(digitised <> 0), sum(resolved_at IS NOT NULL AND supplement_requests <= 1 AND resolved_at - coalesce(supplement_received_at - supplement_requested_at, 0) <= due_at)
  FROM transactions GROUP BY 1, 2, 3;
