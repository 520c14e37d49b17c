ALTER TABLE `par_assessments` ADD `publish_override` text;--> statement-breakpoint
ALTER TABLE `survey_respondents` ADD `stratum` text;--> statement-breakpoint
ALTER TABLE `survey_respondents` ADD `cluster` text;--> statement-breakpoint
ALTER TABLE `survey_waves` ADD `design_effect` real DEFAULT 1 NOT NULL;