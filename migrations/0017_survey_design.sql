ALTER TABLE `par_assessments` ADD `publish_override` text;--> statement-breakpoint
ALTER TABLE `survey_respondents` ADD `stratum` text;--> statement-breakpoint
ALTER TABLE `survey_respondents` ADD `cluster` text;