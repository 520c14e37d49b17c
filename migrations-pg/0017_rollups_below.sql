CREATE TABLE "rating_counts_below" (
	"unit_id" bigint NOT NULL,
	"grain" text NOT NULL,
	"period" bigint NOT NULL,
	"channel" text NOT NULL,
	"l1" bigint DEFAULT 0 NOT NULL,
	"l2" bigint DEFAULT 0 NOT NULL,
	"l3" bigint DEFAULT 0 NOT NULL,
	"l4" bigint DEFAULT 0 NOT NULL,
	"l5" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "rating_counts_below_unit_id_grain_period_channel_pk" PRIMARY KEY("unit_id","grain","period","channel")
);
--> statement-breakpoint
CREATE TABLE "rating_hour_counts_below" (
	"unit_id" bigint NOT NULL,
	"grain" text NOT NULL,
	"period" bigint NOT NULL,
	"weekday" bigint NOT NULL,
	"hour" bigint NOT NULL,
	"l1" bigint DEFAULT 0 NOT NULL,
	"l2" bigint DEFAULT 0 NOT NULL,
	"l3" bigint DEFAULT 0 NOT NULL,
	"l4" bigint DEFAULT 0 NOT NULL,
	"l5" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "rating_hour_counts_below_unit_id_grain_period_weekday_hour_pk" PRIMARY KEY("unit_id","grain","period","weekday","hour")
);
--> statement-breakpoint
CREATE TABLE "rating_reason_counts_below" (
	"unit_id" bigint NOT NULL,
	"grain" text NOT NULL,
	"period" bigint NOT NULL,
	"reason" text NOT NULL,
	"n" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "rating_reason_counts_below_unit_id_grain_period_reason_pk" PRIMARY KEY("unit_id","grain","period","reason")
);
--> statement-breakpoint
CREATE TABLE "transaction_counts_below" (
	"unit_id" bigint NOT NULL,
	"grain" text NOT NULL,
	"period" bigint NOT NULL,
	"received" bigint DEFAULT 0 NOT NULL,
	"online" bigint DEFAULT 0 NOT NULL,
	"digitised" bigint DEFAULT 0 NOT NULL,
	"resolved_on_time" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "transaction_counts_below_unit_id_grain_period_pk" PRIMARY KEY("unit_id","grain","period")
);
--> statement-breakpoint
CREATE TABLE "unit_reach" (
	"unit_id" bigint NOT NULL,
	"ancestor_id" bigint NOT NULL,
	CONSTRAINT "unit_reach_unit_id_ancestor_id_pk" PRIMARY KEY("unit_id","ancestor_id")
);
--> statement-breakpoint
CREATE TABLE "unit_reach_state" (
	"id" bigint PRIMARY KEY NOT NULL,
	"stale" boolean NOT NULL
);
--> statement-breakpoint
CREATE INDEX "unit_reach_below" ON "unit_reach" USING btree ("ancestor_id","unit_id");
--> statement-breakpoint
-- Rollups per ancestor (see the SQLite migration 0023): each rollup's statement-level triggers add
-- the statement's changes, summed, to the rows of every unit above, in key order (concurrent
-- batches take the ancestors' rows in one order, so they queue rather than deadlock).
INSERT INTO unit_reach_state (id, stale) VALUES (1, true)
--> statement-breakpoint
CREATE FUNCTION rating_counts_below() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO rating_counts_below (unit_id, grain, period, channel, l1, l2, l3, l4, l5)
      SELECT a.ancestor_id, d.grain, d.period, d.channel, sum(d.l1), sum(d.l2), sum(d.l3), sum(d.l4), sum(d.l5)
        FROM (SELECT unit_id, grain, period, channel, l1, l2, l3, l4, l5 FROM new_rows) d JOIN unit_reach a ON a.unit_id = d.unit_id
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      ON CONFLICT (unit_id, grain, period, channel) DO UPDATE SET l1 = rating_counts_below.l1 + excluded.l1, l2 = rating_counts_below.l2 + excluded.l2, l3 = rating_counts_below.l3 + excluded.l3, l4 = rating_counts_below.l4 + excluded.l4, l5 = rating_counts_below.l5 + excluded.l5;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO rating_counts_below (unit_id, grain, period, channel, l1, l2, l3, l4, l5)
      SELECT a.ancestor_id, d.grain, d.period, d.channel, sum(d.l1), sum(d.l2), sum(d.l3), sum(d.l4), sum(d.l5)
        FROM (SELECT unit_id, grain, period, channel, l1, l2, l3, l4, l5 FROM new_rows UNION ALL SELECT unit_id, grain, period, channel, -l1, -l2, -l3, -l4, -l5 FROM old_rows) d JOIN unit_reach a ON a.unit_id = d.unit_id
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      ON CONFLICT (unit_id, grain, period, channel) DO UPDATE SET l1 = rating_counts_below.l1 + excluded.l1, l2 = rating_counts_below.l2 + excluded.l2, l3 = rating_counts_below.l3 + excluded.l3, l4 = rating_counts_below.l4 + excluded.l4, l5 = rating_counts_below.l5 + excluded.l5;
  ELSE
    INSERT INTO rating_counts_below (unit_id, grain, period, channel, l1, l2, l3, l4, l5)
      SELECT a.ancestor_id, d.grain, d.period, d.channel, sum(d.l1), sum(d.l2), sum(d.l3), sum(d.l4), sum(d.l5)
        FROM (SELECT unit_id, grain, period, channel, -l1, -l2, -l3, -l4, -l5 FROM old_rows) d JOIN unit_reach a ON a.unit_id = d.unit_id
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      ON CONFLICT (unit_id, grain, period, channel) DO UPDATE SET l1 = rating_counts_below.l1 + excluded.l1, l2 = rating_counts_below.l2 + excluded.l2, l3 = rating_counts_below.l3 + excluded.l3, l4 = rating_counts_below.l4 + excluded.l4, l5 = rating_counts_below.l5 + excluded.l5;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER rating_counts_below_insert AFTER INSERT ON rating_counts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rating_counts_below();
--> statement-breakpoint
CREATE TRIGGER rating_counts_below_update AFTER UPDATE ON rating_counts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rating_counts_below();
--> statement-breakpoint
CREATE TRIGGER rating_counts_below_delete AFTER DELETE ON rating_counts REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rating_counts_below();
--> statement-breakpoint
CREATE FUNCTION rating_hour_counts_below() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO rating_hour_counts_below (unit_id, grain, period, weekday, hour, l1, l2, l3, l4, l5)
      SELECT a.ancestor_id, d.grain, d.period, d.weekday, d.hour, sum(d.l1), sum(d.l2), sum(d.l3), sum(d.l4), sum(d.l5)
        FROM (SELECT unit_id, grain, period, weekday, hour, l1, l2, l3, l4, l5 FROM new_rows) d JOIN unit_reach a ON a.unit_id = d.unit_id
        GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
      ON CONFLICT (unit_id, grain, period, weekday, hour) DO UPDATE SET l1 = rating_hour_counts_below.l1 + excluded.l1, l2 = rating_hour_counts_below.l2 + excluded.l2, l3 = rating_hour_counts_below.l3 + excluded.l3, l4 = rating_hour_counts_below.l4 + excluded.l4, l5 = rating_hour_counts_below.l5 + excluded.l5;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO rating_hour_counts_below (unit_id, grain, period, weekday, hour, l1, l2, l3, l4, l5)
      SELECT a.ancestor_id, d.grain, d.period, d.weekday, d.hour, sum(d.l1), sum(d.l2), sum(d.l3), sum(d.l4), sum(d.l5)
        FROM (SELECT unit_id, grain, period, weekday, hour, l1, l2, l3, l4, l5 FROM new_rows UNION ALL SELECT unit_id, grain, period, weekday, hour, -l1, -l2, -l3, -l4, -l5 FROM old_rows) d JOIN unit_reach a ON a.unit_id = d.unit_id
        GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
      ON CONFLICT (unit_id, grain, period, weekday, hour) DO UPDATE SET l1 = rating_hour_counts_below.l1 + excluded.l1, l2 = rating_hour_counts_below.l2 + excluded.l2, l3 = rating_hour_counts_below.l3 + excluded.l3, l4 = rating_hour_counts_below.l4 + excluded.l4, l5 = rating_hour_counts_below.l5 + excluded.l5;
  ELSE
    INSERT INTO rating_hour_counts_below (unit_id, grain, period, weekday, hour, l1, l2, l3, l4, l5)
      SELECT a.ancestor_id, d.grain, d.period, d.weekday, d.hour, sum(d.l1), sum(d.l2), sum(d.l3), sum(d.l4), sum(d.l5)
        FROM (SELECT unit_id, grain, period, weekday, hour, -l1, -l2, -l3, -l4, -l5 FROM old_rows) d JOIN unit_reach a ON a.unit_id = d.unit_id
        GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
      ON CONFLICT (unit_id, grain, period, weekday, hour) DO UPDATE SET l1 = rating_hour_counts_below.l1 + excluded.l1, l2 = rating_hour_counts_below.l2 + excluded.l2, l3 = rating_hour_counts_below.l3 + excluded.l3, l4 = rating_hour_counts_below.l4 + excluded.l4, l5 = rating_hour_counts_below.l5 + excluded.l5;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER rating_hour_counts_below_insert AFTER INSERT ON rating_hour_counts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rating_hour_counts_below();
--> statement-breakpoint
CREATE TRIGGER rating_hour_counts_below_update AFTER UPDATE ON rating_hour_counts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rating_hour_counts_below();
--> statement-breakpoint
CREATE TRIGGER rating_hour_counts_below_delete AFTER DELETE ON rating_hour_counts REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rating_hour_counts_below();
--> statement-breakpoint
CREATE FUNCTION rating_reason_counts_below() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO rating_reason_counts_below (unit_id, grain, period, reason, n)
      SELECT a.ancestor_id, d.grain, d.period, d.reason, sum(d.n)
        FROM (SELECT unit_id, grain, period, reason, n FROM new_rows) d JOIN unit_reach a ON a.unit_id = d.unit_id
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      ON CONFLICT (unit_id, grain, period, reason) DO UPDATE SET n = rating_reason_counts_below.n + excluded.n;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO rating_reason_counts_below (unit_id, grain, period, reason, n)
      SELECT a.ancestor_id, d.grain, d.period, d.reason, sum(d.n)
        FROM (SELECT unit_id, grain, period, reason, n FROM new_rows UNION ALL SELECT unit_id, grain, period, reason, -n FROM old_rows) d JOIN unit_reach a ON a.unit_id = d.unit_id
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      ON CONFLICT (unit_id, grain, period, reason) DO UPDATE SET n = rating_reason_counts_below.n + excluded.n;
  ELSE
    INSERT INTO rating_reason_counts_below (unit_id, grain, period, reason, n)
      SELECT a.ancestor_id, d.grain, d.period, d.reason, sum(d.n)
        FROM (SELECT unit_id, grain, period, reason, -n FROM old_rows) d JOIN unit_reach a ON a.unit_id = d.unit_id
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      ON CONFLICT (unit_id, grain, period, reason) DO UPDATE SET n = rating_reason_counts_below.n + excluded.n;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER rating_reason_counts_below_insert AFTER INSERT ON rating_reason_counts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rating_reason_counts_below();
--> statement-breakpoint
CREATE TRIGGER rating_reason_counts_below_update AFTER UPDATE ON rating_reason_counts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rating_reason_counts_below();
--> statement-breakpoint
CREATE TRIGGER rating_reason_counts_below_delete AFTER DELETE ON rating_reason_counts REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rating_reason_counts_below();
--> statement-breakpoint
CREATE FUNCTION transaction_counts_below() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO transaction_counts_below (unit_id, grain, period, received, online, digitised, resolved_on_time)
      SELECT a.ancestor_id, d.grain, d.period, sum(d.received), sum(d.online), sum(d.digitised), sum(d.resolved_on_time)
        FROM (SELECT unit_id, grain, period, received, online, digitised, resolved_on_time FROM new_rows) d JOIN unit_reach a ON a.unit_id = d.unit_id
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (unit_id, grain, period) DO UPDATE SET received = transaction_counts_below.received + excluded.received, online = transaction_counts_below.online + excluded.online, digitised = transaction_counts_below.digitised + excluded.digitised, resolved_on_time = transaction_counts_below.resolved_on_time + excluded.resolved_on_time;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO transaction_counts_below (unit_id, grain, period, received, online, digitised, resolved_on_time)
      SELECT a.ancestor_id, d.grain, d.period, sum(d.received), sum(d.online), sum(d.digitised), sum(d.resolved_on_time)
        FROM (SELECT unit_id, grain, period, received, online, digitised, resolved_on_time FROM new_rows UNION ALL SELECT unit_id, grain, period, -received, -online, -digitised, -resolved_on_time FROM old_rows) d JOIN unit_reach a ON a.unit_id = d.unit_id
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (unit_id, grain, period) DO UPDATE SET received = transaction_counts_below.received + excluded.received, online = transaction_counts_below.online + excluded.online, digitised = transaction_counts_below.digitised + excluded.digitised, resolved_on_time = transaction_counts_below.resolved_on_time + excluded.resolved_on_time;
  ELSE
    INSERT INTO transaction_counts_below (unit_id, grain, period, received, online, digitised, resolved_on_time)
      SELECT a.ancestor_id, d.grain, d.period, sum(d.received), sum(d.online), sum(d.digitised), sum(d.resolved_on_time)
        FROM (SELECT unit_id, grain, period, -received, -online, -digitised, -resolved_on_time FROM old_rows) d JOIN unit_reach a ON a.unit_id = d.unit_id
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (unit_id, grain, period) DO UPDATE SET received = transaction_counts_below.received + excluded.received, online = transaction_counts_below.online + excluded.online, digitised = transaction_counts_below.digitised + excluded.digitised, resolved_on_time = transaction_counts_below.resolved_on_time + excluded.resolved_on_time;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER transaction_counts_below_insert AFTER INSERT ON transaction_counts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION transaction_counts_below();
--> statement-breakpoint
CREATE TRIGGER transaction_counts_below_update AFTER UPDATE ON transaction_counts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION transaction_counts_below();
--> statement-breakpoint
CREATE TRIGGER transaction_counts_below_delete AFTER DELETE ON transaction_counts REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION transaction_counts_below();
--> statement-breakpoint
CREATE FUNCTION units_reach_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE unit_reach_state SET stale = true;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER units_reach_insert AFTER INSERT ON units
  FOR EACH ROW WHEN (NEW.parent_id IS NOT NULL OR NEW.merged_into_id IS NOT NULL) EXECUTE FUNCTION units_reach_stale();
--> statement-breakpoint
CREATE TRIGGER units_reach_update AFTER UPDATE OF parent_id, merged_into_id ON units
  FOR EACH ROW WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id OR OLD.merged_into_id IS DISTINCT FROM NEW.merged_into_id)
  EXECUTE FUNCTION units_reach_stale();
--> statement-breakpoint
CREATE TRIGGER units_reach_delete AFTER DELETE ON units FOR EACH STATEMENT EXECUTE FUNCTION units_reach_stale();
