CREATE TABLE `par_assessments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` integer NOT NULL,
	`year` integer NOT NULL,
	`definition_id` text NOT NULL,
	`version` integer NOT NULL,
	`state` text NOT NULL,
	`correction_reason` text,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`submitted_by` integer,
	`submitted_at` integer,
	`appraised_by` integer,
	`appraised_at` integer,
	`published_by` integer,
	`published_at` integer,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submitted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`appraised_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`published_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `par_assessments_unit_year_version` ON `par_assessments` (`unit_id`,`year`,`definition_id`,`version`);--> statement-breakpoint
CREATE TABLE `par_items` (
	`assessment_id` integer NOT NULL,
	`node_id` text NOT NULL,
	`self_points` real,
	`not_applicable` integer DEFAULT false NOT NULL,
	`evidence` text,
	`note` text,
	`survey_counts` text,
	`appraised_points` real,
	`appraisal_reason` text,
	`appraised_by` integer,
	PRIMARY KEY(`assessment_id`, `node_id`),
	FOREIGN KEY (`assessment_id`) REFERENCES `par_assessments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`appraised_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
