import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261130194422 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "sync_image" ("id" text not null, "url_hash" text not null, "source_url" text not null, "file_id" text not null, "url" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "sync_image_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sync_image_deleted_at" ON "sync_image" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_sync_image_url_hash" ON "sync_image" ("url_hash") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "sync_image" cascade;`);
  }

}
