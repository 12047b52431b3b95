import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261130201823 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "sync_run" drop constraint if exists "sync_run_mode_check";`);

    this.addSql(`alter table if exists "sync_run" add column if not exists "only_ids" jsonb null;`);
    this.addSql(`alter table if exists "sync_run" add constraint "sync_run_mode_check" check("mode" in ('full', 'incremental', 'targeted'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "sync_run" drop constraint if exists "sync_run_mode_check";`);

    this.addSql(`alter table if exists "sync_run" drop column if exists "only_ids";`);

    this.addSql(`alter table if exists "sync_run" add constraint "sync_run_mode_check" check("mode" in ('full', 'incremental'));`);
  }

}
