import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261130164903 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "sync_alert" ("id" text not null, "source" text not null, "kind" text not null, "key" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "sync_alert_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sync_alert_deleted_at" ON "sync_alert" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_sync_alert_source_kind_key" ON "sync_alert" ("source", "kind", "key") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "sync_alert" cascade;`);
  }

}
