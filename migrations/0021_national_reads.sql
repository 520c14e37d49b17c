CREATE INDEX `rating_counts_by_period` ON `rating_counts` (`grain`,`period`,`unit_id`,`channel`,`counter_id`,`l1`,`l2`,`l3`,`l4`,`l5`);--> statement-breakpoint
CREATE INDEX `rating_hour_counts_by_period` ON `rating_hour_counts` (`grain`,`period`,`unit_id`,`weekday`,`hour`,`l1`,`l2`,`l3`,`l4`,`l5`);--> statement-breakpoint
CREATE INDEX `rating_reason_counts_by_period` ON `rating_reason_counts` (`grain`,`period`,`unit_id`,`reason`,`n`);--> statement-breakpoint
CREATE INDEX `ratings_comments_latest` ON `ratings` (`rated_at`) WHERE "ratings"."comment" is not null;--> statement-breakpoint
CREATE INDEX `transaction_counts_by_period` ON `transaction_counts` (`grain`,`period`,`unit_id`,`received`,`online`,`digitised`,`resolved_on_time`);