import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261130222717 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "sync_change" ("id" text not null, "run_id" text not null, "source" text not null, "external_id" text not null, "product_id" text null, "title" text not null, "action" text check ("action" in ('create', 'update', 'draft', 'remove')) not null, "fields" jsonb null, "variants" jsonb null, "prices" jsonb null, "stock" jsonb null, "changed" jsonb not null, "risks" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "sync_change_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sync_change_deleted_at" ON "sync_change" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sync_change_run_external" ON "sync_change" ("run_id", "external_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sync_change_product" ON "sync_change" ("product_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "sync_change" cascade;`);
  }

}
