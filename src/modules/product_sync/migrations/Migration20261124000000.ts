import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261124000000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "sync_run" add column if not exists "mode" text check ("mode" in ('full', 'incremental')) not null default 'full', add column if not exists "source_validators" jsonb null, add column if not exists "note" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "sync_run" drop column if exists "mode", drop column if exists "source_validators", drop column if exists "note";`);
  }

}
