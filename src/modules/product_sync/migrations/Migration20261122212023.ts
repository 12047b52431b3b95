import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261122212023 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "sync_run" add column if not exists "owner" text null;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sync_run_resumed_from" ON "sync_run" ("resumed_from") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_sync_run_resumed_from";`);
    this.addSql(`alter table if exists "sync_run" drop column if exists "owner";`);
  }

}
