import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261122210007 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "sync_item" ("id" text not null, "source" text not null, "external_id" text not null, "product_id" text not null, "hash" text not null, "last_run_id" text not null, "synced_at" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "sync_item_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sync_item_deleted_at" ON "sync_item" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_sync_item_source_external_id" ON "sync_item" ("source", "external_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "sync_run" ("id" text not null, "source" text not null default 'default', "status" text check ("status" in ('running', 'completed', 'failed', 'cancelled', 'interrupted')) not null default 'running', "trigger" text check ("trigger" in ('manual', 'scheduled', 'resume')) not null default 'manual', "triggered_by" text not null default 'system', "dry_run" boolean not null default false, "started_at" timestamptz not null, "finished_at" timestamptz null, "heartbeat_at" timestamptz null, "duration_ms" integer null, "total" integer null, "processed" integer not null default 0, "created" integer not null default 0, "updated" integer not null default 0, "unchanged" integer not null default 0, "skipped" integer not null default 0, "failed" integer not null default 0, "step" text null, "checkpoint" jsonb null, "error" text null, "cancel_requested" boolean not null default false, "resumed_from" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "sync_run_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sync_run_deleted_at" ON "sync_run" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_sync_run_one_active_per_source" ON "sync_run" ("source") WHERE status = 'running' AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sync_run_source_started_at" ON "sync_run" ("source", "started_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "sync_run_error" ("id" text not null, "run_id" text not null, "external_id" text null, "message" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "sync_run_error_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sync_run_error_run_id" ON "sync_run_error" ("run_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sync_run_error_deleted_at" ON "sync_run_error" ("deleted_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "sync_item" cascade;`);

    this.addSql(`drop table if exists "sync_run" cascade;`);

    this.addSql(`drop table if exists "sync_run_error" cascade;`);
  }

}
