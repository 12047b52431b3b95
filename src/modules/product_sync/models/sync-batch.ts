import { model } from "@medusajs/framework/utils"

/**
 * One batch of a run, cut by the process that reads the source: who executes
 * it (`owner`, claimed with a compare-and-set, kept alive by `heartbeat_at`),
 * and once `done`, what it added to the run. A run's counters, item errors
 * and checkpoint take in its batches in order (`rolled`): up to the highest
 * one below which every batch is done, so a resume reads on from a point
 * with nothing missing before it and counts no batch twice.
 */
export const SyncBatch = model
  .define("sync_batch", {
    id: model.id({ prefix: "psbat" }).primaryKey(),
    run_id: model.text(),
    seq: model.number(),
    status: model.enum(["pending", "running", "done", "failed"]).default("pending"),
    owner: model.text().nullable(),
    attempts: model.number().default(0),
    heartbeat_at: model.dateTime().nullable(),
    /** The batch's source records, where reading goes on after them, and the source's total. */
    records: model.number(),
    cursor: model.json().nullable(),
    total: model.number().nullable(),
    /** The items, for an executor in another process; dropped once done. */
    payload: model.json().nullable(),
    /** What the batch added: counters, item errors, unidentified records (taken in by the run in order). */
    stats: model.json().nullable(),
    errors: model.json().nullable(),
    unidentified: model.number().default(0),
    rolled: model.boolean().default(false),
    /** Why the batch failed (its workflow threw): the run fails with it. */
    error: model.text().nullable(),
  })
  .indexes([{ name: "IDX_sync_batch_run_seq", on: ["run_id", "seq"], unique: true }])
