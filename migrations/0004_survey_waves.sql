CREATE TABLE `survey_answers` (
	`respondent_id` integer NOT NULL,
	`item` text NOT NULL,
	`answer` text NOT NULL,
	PRIMARY KEY(`respondent_id`, `item`),
	FOREIGN KEY (`respondent_id`) REFERENCES `survey_respondents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `survey_answers_item` ON `survey_answers` (`item`,`answer`);--> statement-breakpoint
CREATE TABLE `survey_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`respondent_id` integer NOT NULL,
	`entry_no` integer NOT NULL,
	`user_id` integer NOT NULL,
	`answers` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`respondent_id`) REFERENCES `survey_respondents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `survey_entries_respondent_no` ON `survey_entries` (`respondent_id`,`entry_no`);--> statement-breakpoint
CREATE TABLE `survey_respondents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`wave_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`code` text NOT NULL,
	`transaction_id` integer,
	`reserve` integer NOT NULL,
	`status` text NOT NULL,
	`completed_at` integer,
	FOREIGN KEY (`wave_id`) REFERENCES `survey_waves`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`transaction_id`) REFERENCES `transactions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `survey_respondents_code_unique` ON `survey_respondents` (`code`);--> statement-breakpoint
CREATE INDEX `survey_respondents_wave_unit` ON `survey_respondents` (`wave_id`,`unit_id`);--> statement-breakpoint
CREATE TABLE `survey_wave_units` (
	`wave_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`population` integer NOT NULL,
	`planned` integer NOT NULL,
	`reserve` integer NOT NULL,
	PRIMARY KEY(`wave_id`, `unit_id`),
	FOREIGN KEY (`wave_id`) REFERENCES `survey_waves`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `survey_waves` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`definition_id` text NOT NULL,
	`period_from` text NOT NULL,
	`period_to` text NOT NULL,
	`margin_of_error` real NOT NULL,
	`confidence` real NOT NULL,
	`expected_share` real NOT NULL,
	`reserve_rate` real NOT NULL,
	`seed` integer NOT NULL,
	`double_entry` integer NOT NULL,
	`status` text NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
