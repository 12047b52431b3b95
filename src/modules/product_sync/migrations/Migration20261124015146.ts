import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261124015146 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "sync_intent" ("id" text not null, "source" text not null, "external_id" text not null, "handle" text not null, "run_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "sync_intent_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sync_intent_deleted_at" ON "sync_intent" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_sync_intent_source_external_id" ON "sync_intent" ("source", "external_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "sync_intent" cascade;`);
  }

}
