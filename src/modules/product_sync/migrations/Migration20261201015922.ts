import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261201015922 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "sync_batch" ("id" text not null, "run_id" text not null, "seq" integer not null, "status" text check ("status" in ('pending', 'running', 'done', 'failed')) not null default 'pending', "owner" text null, "attempts" integer not null default 0, "heartbeat_at" timestamptz null, "records" integer not null, "cursor" jsonb null, "total" integer null, "payload" jsonb null, "stats" jsonb null, "errors" jsonb null, "unidentified" integer not null default 0, "rolled" boolean not null default false, "error" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "sync_batch_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sync_batch_deleted_at" ON "sync_batch" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_sync_batch_run_seq" ON "sync_batch" ("run_id", "seq") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "sync_batch" cascade;`);
  }

}
