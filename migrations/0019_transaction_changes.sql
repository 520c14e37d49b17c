CREATE TABLE `transaction_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`receipt_code` text NOT NULL,
	`unit_id` integer NOT NULL,
	`import_id` integer,
	`at` integer NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `transaction_changes_unit` ON `transaction_changes` (`unit_id`,`id`);