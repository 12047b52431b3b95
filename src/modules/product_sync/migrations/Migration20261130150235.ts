import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261130150235 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "sync_missing_product" ("id" text not null, "run_id" text not null, "external_id" text not null, "product_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "sync_missing_product_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sync_missing_product_run_id" ON "sync_missing_product" ("run_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sync_missing_product_deleted_at" ON "sync_missing_product" ("deleted_at") WHERE deleted_at IS NULL;`);
    // Lists of earlier runs move from the run's JSON to rows.
    this.addSql(`insert into "sync_missing_product" ("id", "run_id", "external_id", "product_id") select 'psmiss_' || md5(r.id || ':' || (p->>'external_id')), r.id, p->>'external_id', p->>'product_id' from "sync_run" r, jsonb_array_elements(case when jsonb_typeof(r.missing->'products') = 'array' then r.missing->'products' else '[]'::jsonb end) p;`);
    this.addSql(`update "sync_run" set "missing" = "missing" - 'products' where jsonb_typeof("missing") = 'object' and jsonb_exists("missing", 'products');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "sync_missing_product" cascade;`);
  }

}
