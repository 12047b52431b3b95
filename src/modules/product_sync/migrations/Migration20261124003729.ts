import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261124003729 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "sync_item" add column if not exists "seen_in" text null, add column if not exists "seen_at" timestamptz null, add column if not exists "missing_action" text null;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sync_item_product_id" ON "sync_item" ("product_id") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "sync_run" add column if not exists "removed" integer not null default 0, add column if not exists "missing" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_sync_item_product_id";`);
    this.addSql(`alter table if exists "sync_item" drop column if exists "seen_in", drop column if exists "seen_at", drop column if exists "missing_action";`);

    this.addSql(`alter table if exists "sync_run" drop column if exists "removed", drop column if exists "missing";`);
  }

}
