CREATE TABLE `sign_in_failures` (
	`username` text NOT NULL,
	`address` text NOT NULL,
	`failures` integer NOT NULL,
	`wait_until` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`username`, `address`)
);
--> statement-breakpoint
CREATE INDEX `sign_in_failures_updated` ON `sign_in_failures` (`updated_at`);--> statement-breakpoint
ALTER TABLE `users` DROP COLUMN `failed_logins`;--> statement-breakpoint
ALTER TABLE `users` DROP COLUMN `locked_until`;