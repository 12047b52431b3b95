import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261130134013 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "sync_item" add column if not exists "fields" jsonb null, add column if not exists "conflicts" jsonb null, add column if not exists "locked_at" timestamptz null, add column if not exists "locked_by" text null;`);

    this.addSql(`alter table if exists "sync_run" add column if not exists "conflicts" integer not null default 0, add column if not exists "unidentified" integer not null default 0, add column if not exists "config_hash" text null, add column if not exists "force_full" boolean not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "sync_item" drop column if exists "fields", drop column if exists "conflicts", drop column if exists "locked_at", drop column if exists "locked_by";`);

    this.addSql(`alter table if exists "sync_run" drop column if exists "conflicts", drop column if exists "unidentified", drop column if exists "config_hash", drop column if exists "force_full";`);
  }

}
