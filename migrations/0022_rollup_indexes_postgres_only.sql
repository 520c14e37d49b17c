-- The rollups' covering indexes led by the period (0021) stay PostgreSQL's alone: on SQLite they
-- cost every rollup upsert of the triggers about a third more and served no read at a province's size.
DROP INDEX `rating_counts_by_period`;--> statement-breakpoint
DROP INDEX `rating_hour_counts_by_period`;--> statement-breakpoint
DROP INDEX `rating_reason_counts_by_period`;--> statement-breakpoint
DROP INDEX `transaction_counts_by_period`;