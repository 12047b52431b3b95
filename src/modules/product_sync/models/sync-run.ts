import { model } from "@medusajs/framework/utils"
import { SYNC_RUN_STATUSES } from "../../../types/run-rules"

/**
 * One sync run. The partial unique index on `source` over the active status is
 * the lock: a second running row for a source cannot exist, whichever process,
 * server or cron tick tries to insert it.
 */
export const SyncRun = model
  .define("sync_run", {
    id: model.id({ prefix: "psrun" }).primaryKey(),
    source: model.text().default("default"),
    status: model.enum(SYNC_RUN_STATUSES).default("running"),
    trigger: model.enum(["manual", "scheduled", "resume"]).default("manual"),
    triggered_by: model.text().default("system"),
    dry_run: model.boolean().default(false),
    started_at: model.dateTime(),
    finished_at: model.dateTime().nullable(),
    heartbeat_at: model.dateTime().nullable(),
    duration_ms: model.number().nullable(),
    total: model.number().nullable(),
    processed: model.number().default(0),
    created: model.number().default(0),
    updated: model.number().default(0),
    unchanged: model.number().default(0),
    skipped: model.number().default(0),
    failed: model.number().default(0),
    /** Fields that the feed and the store both changed since the last sync (see `onConflict`). */
    conflicts: model.number().default(0),
    /** Records met that could not be identified (no external id): a run that met one removes nothing. */
    unidentified: model.number().default(0),
    /** A hash of the source's configuration when the run began: a chain begun under another removes nothing. */
    config_hash: model.text().nullable(),
    /** Products drafted or deleted because they left the feed. */
    removed: model.number().default(0),
    /** Products that left the feed: `{ count, action, on_missing, products }` (see MissingProducts). */
    missing: model.json().nullable(),
    step: model.text().nullable(),
    checkpoint: model.json().nullable(),
    error: model.text().nullable(),
    cancel_requested: model.boolean().default(false),
    resumed_from: model.text().nullable(),
    /**
     * `incremental` when the source was asked only for changes since the last completed run;
     * `targeted` when it writes only the products `only` names (and removes nothing).
     */
    mode: model.enum(["full", "incremental", "targeted"]).default("full"),
    /** A targeted run's external ids (`only` of the trigger; ONLY is an SQL keyword). */
    only_ids: model.json().nullable(),
    /** Asked to read the whole source (`mode: "full"` on the trigger): no incremental parameter, no conditional request. */
    force_full: model.boolean().default(false),
    /** ETag / Last-Modified of the source's first page, sent back by the next run. */
    source_validators: model.json().nullable(),
    /** What the run wants the admin to know besides its counters ("source unchanged"). */
    note: model.text().nullable(),
    /** `host:pid` of the process executing the run, to spot runs orphaned by a crash at boot. */
    owner: model.text().nullable(),
  })
  .indexes([
    {
      name: "IDX_sync_run_one_active_per_source",
      on: ["source"],
      unique: true,
      where: { status: "running" },
    },
    { name: "IDX_sync_run_source_started_at", on: ["source", "started_at"] },
    { name: "IDX_sync_run_resumed_from", on: ["resumed_from"] },
  ])
