ALTER TABLE "survey_respondents" ADD COLUMN "stratum" text;--> statement-breakpoint
ALTER TABLE "survey_respondents" ADD COLUMN "cluster" text;