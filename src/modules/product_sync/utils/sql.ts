// Raw SQL for the hot and the guarded paths. The ORM cannot express an
// INSERT … ON CONFLICT against a partial unique index, and a batch commit must
// touch three tables in one round trip per table, whatever the batch size.
// Lists travel as one JSON parameter: knex would expand a JS array into
// "?, ?, …", one bind parameter per element.
export const CLAIM_RUN = `
insert into sync_run (id, source, status, trigger, triggered_by, dry_run,
  started_at, heartbeat_at, checkpoint, resumed_from, total,
  processed, created, updated, unchanged, skipped, failed, conflicts, unidentified, force_full, mode, only_ids)
values (?, ?, 'running', ?, ?, ?, now(), now(), ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
on conflict (source) where status = 'running' and deleted_at is null do nothing
returning id`

export const LOOKUP_LEDGER = `
select external_id, product_id, hash, fields, locked_at is not null as locked,
  coalesce(missing_action = 'draft', false) as drafted
from sync_item
where source = ? and deleted_at is null
  and external_id in (select jsonb_array_elements_text(?::jsonb))`

export const COMMITTED_PRODUCTS = `
select product_id from sync_item
where last_run_id = ? and deleted_at is null
  and product_id in (select jsonb_array_elements_text(?::jsonb))`

export const UPSERT_LEDGER = `
insert into sync_item (id, source, external_id, product_id, hash, fields, conflicts, last_run_id, synced_at, seen_in, seen_at)
select u.id, ?, u.external_id, u.product_id, u.hash, u.fields, u.conflicts, ?, now(), ?, now()
from jsonb_to_recordset(?::jsonb) as u(id text, external_id text, product_id text, hash text, fields jsonb, conflicts jsonb)
on conflict (source, external_id) where deleted_at is null do update
set product_id = excluded.product_id, hash = excluded.hash,
    -- A write that carries no field hashes (stock, prices) keeps the ones there are.
    fields = coalesce(excluded.fields, sync_item.fields),
    conflicts = coalesce(excluded.conflicts, sync_item.conflicts),
    last_run_id = excluded.last_run_id, synced_at = excluded.synced_at,
    seen_in = excluded.seen_in, seen_at = excluded.seen_at, missing_action = null, updated_at = now()`

// Items met in the feed but not written (unchanged, or failed): they are
// still in the feed, so they must not count as missing at the end of the run.
export const MARK_SEEN = `
update sync_item set seen_in = ?, seen_at = now(), missing_action = null
where source = ? and deleted_at is null
  and external_id in (select jsonb_array_elements_text(?::jsonb))`

// What a complete read of the feed (`seen_in` = the run, or the first run of
// its resumed chain) did not meet, less what was already drafted for it.
// A product another run met after the chain began (a targeted run, between an
// interruption and its resume) was in the feed then: it is not missing.
export const SELECT_MISSING = `
select external_id, product_id from sync_item
where source = ? and deleted_at is null and missing_action is null
  and locked_at is null and seen_in is distinct from ?
  and (seen_at is null or seen_at < (select started_at from sync_run where id = ?))
order by external_id`

export const MET_IN_CHAIN = `
select external_id from sync_item
where source = ? and seen_in = ? and deleted_at is null
  and external_id in (select jsonb_array_elements_text(?::jsonb))`

export const SELECT_REMOVABLE = `
select external_id, product_id from sync_item
where source = ? and deleted_at is null and missing_action is null and locked_at is null`

// A completed read of the source that began after the chain did: the chain's
// picture of what is in the feed is older than the ledger's.
export const SUPERSEDING_RUN = `
select * from sync_run
where source = ? and status = 'completed' and dry_run = false and mode <> 'targeted' and deleted_at is null
  and started_at > (select started_at from sync_run where id = ?)
order by started_at desc limit 1`

// A held removal is applied once: the first call turns it to "applying",
// and only while no run of the source is active.
export const TAKE_HELD_REMOVAL = `
update sync_run set missing = jsonb_set(missing, '{action}', '"applying"'), updated_at = now()
where id = ? and deleted_at is null and missing->>'action' = 'held'
  and not exists (select 1 from sync_run r where r.source = sync_run.source
    and r.status = 'running' and r.deleted_at is null)
returning id`

// Of a held list, what is still missing: not met by a run since, not removed since.
export const STILL_MISSING = `
select external_id, product_id from sync_item
where source = ? and deleted_at is null and missing_action is null and locked_at is null
  and external_id in (select jsonb_array_elements_text(?::jsonb))
  and (seen_at is null or seen_at <= ?)`

// A product an admin stopped syncing (locked_by set) or let go again (null).
export const LOCK_PRODUCT = `
update sync_item set locked_at = case when ?::text is null then null else now() end,
  locked_by = ?, updated_at = now()
where product_id = ? and deleted_at is null
returning id`

export const DELETE_MISSING_PRODUCTS = `
delete from sync_missing_product where run_id = ?`

export const INSERT_MISSING_PRODUCTS = `
insert into sync_missing_product (id, run_id, external_id, product_id)
select u.id, ?, u.external_id, u.product_id
from jsonb_to_recordset(?::jsonb) as u(id text, external_id text, product_id text)`

export const COUNT_LEDGER = `
select count(*)::int as n from sync_item
where source = ? and deleted_at is null and missing_action is null`

// A drafted product keeps its ledger row, with no hash: if it comes back to
// the feed it is written in full (and published) again.
export const MARK_DRAFTED = `
update sync_item set missing_action = 'draft', hash = '', updated_at = now()
where source = ? and deleted_at is null
  and external_id in (select jsonb_array_elements_text(?::jsonb))`

export const DELETE_LEDGER = `
delete from sync_item
where source = ? and external_id in (select jsonb_array_elements_text(?::jsonb))`

export const COUNT_FAILED = `
update sync_run set failed = failed + ?, updated_at = now() where id = ?`

export const RECORD_MISSING = `
update sync_run set removed = removed + ?, missing = ?::jsonb, updated_at = now()
where id = ?`

// The cap keeps a feed of a million bad rows from filling the table; the
// run's `failed` counter still counts every one.
export const INSERT_ERRORS = `
insert into sync_run_error (id, run_id, external_id, message)
select u.id, ?, u.external_id, u.message
from jsonb_to_recordset(?::jsonb) as u(id text, external_id text, message text)
limit greatest(0, ? - (select count(*) from sync_run_error where run_id = ? and deleted_at is null))`

// Guarded by status: a run that was reaped or finished elsewhere gets no
// more progress, and the empty result tells its runner to stop.
export const ADVANCE_RUN = `
update sync_run set
  processed = processed + ?, created = created + ?, updated = updated + ?,
  unchanged = unchanged + ?, skipped = skipped + ?, failed = failed + ?,
  conflicts = conflicts + ?, unidentified = unidentified + ?,
  total = coalesce(?, total), checkpoint = coalesce(?::jsonb, checkpoint),
  step = coalesce(?, step), heartbeat_at = now(), updated_at = now()
where id = ? and status = 'running' and deleted_at is null
  and (owner is null or owner = ?)
returning cancel_requested`

// A batch the reading process cut: `running` and owned at once when that
// process executes it, else `pending` with its items for another to claim.
export const OPEN_BATCH = `
insert into sync_batch (id, run_id, seq, status, owner, attempts, heartbeat_at, records, cursor, total, payload)
values (?, ?, ?, ?, ?, ?, now(), ?, ?::jsonb, ?, ?::jsonb)`

// A compare-and-set: a delivered batch (it has its items) of a run that still
// runs, pending or with an executor that stopped beating. A second delivery of
// the same batch finds it taken and writes nothing. The owner names the claim
// (process and attempt): an executor that was taken over is fenced even when
// the same process took it again.
export const CLAIM_BATCH = `
update sync_batch set status = 'running', owner = ? || '#' || (attempts + 1), attempts = attempts + 1,
  heartbeat_at = clock_timestamp(), updated_at = now()
where id = ? and deleted_at is null and payload is not null
  and (status = 'pending' or (status = 'running' and heartbeat_at < clock_timestamp() - (?::int * interval '1 millisecond')))
  and exists (select 1 from sync_run r where r.id = sync_batch.run_id and r.status = 'running' and r.deleted_at is null)
returning id, run_id, seq, owner, attempts, records, cursor, total, payload`

// The run, locked for the batch's commit (commits of one run take turns), if it
// still runs — and, for a batch its reader writes itself, is still that reader's.
export const FENCE_RUN = `
update sync_run set heartbeat_at = now(), updated_at = now()
where id = ? and status = 'running' and deleted_at is null
  and (?::text is null or owner is null or owner = ?)
returning owner, cancel_requested`

// The batch done by the executor that holds it; what it adds waits in its row.
export const FINISH_BATCH = `
update sync_batch set status = 'done', stats = ?::jsonb, errors = ?::jsonb, unidentified = ?,
  payload = null, heartbeat_at = now(), updated_at = now()
where id = ? and owner = ? and status = 'running' and deleted_at is null
returning seq`

// The executor that holds a batch is alive.
export const BEAT_BATCH = `
update sync_batch set heartbeat_at = clock_timestamp()
where id = ? and owner = ? and status = 'running' and deleted_at is null`

// The batch's workflow threw: what it wrote was undone; the run fails with it.
export const FAIL_BATCH = `
update sync_batch set status = 'failed', error = ?, payload = null, updated_at = now()
where id = ? and owner = ? and status = 'running' and deleted_at is null`

export const BATCH_STATE = `
select id, status, owner, attempts, error, extract(epoch from (clock_timestamp() - heartbeat_at)) * 1000 as quiet_ms
from sync_batch where id = ? and deleted_at is null`

// The run takes in its done batches in order: those below the first one not done.
export const ROLL_BATCHES = `
update sync_batch set rolled = true, updated_at = now()
where run_id = ? and deleted_at is null and status = 'done' and not rolled
  and seq < coalesce((select min(b.seq) from sync_batch b where b.run_id = ? and b.deleted_at is null and b.status <> 'done'), 2147483647)
returning seq, records, cursor, total, stats, errors, unidentified`

// A resume whose source changed reads it again from the start: progress and
// counters start over (the ledger makes the re-read cheap); fenced like a batch.
export const RESTART_RUN = `
update sync_run set
  processed = 0, created = 0, updated = 0, unchanged = 0, skipped = 0, failed = 0,
  conflicts = 0, unidentified = 0, checkpoint = null, note = ?, heartbeat_at = now(), updated_at = now()
where id = ? and status = 'running' and deleted_at is null
  and (owner is null or owner = ?)
returning id`

export const FINISH_RUN = `
update sync_run set status = ?, error = ?, step = null,
  finished_at = now(), heartbeat_at = now(), updated_at = now(),
  -- clamped to the integer column: a run reaped weeks late must still end
  duration_ms = least(floor(extract(epoch from (now() - started_at)) * 1000), 2147483647)
where id = ? and status = 'running' and deleted_at is null
returning *`

// The staleness is checked again in the UPDATE itself: a heartbeat that
// lands between the SELECT below and this write keeps the run alive.
export const INTERRUPT_IF_STALE = `
update sync_run set status = 'interrupted', error = ?, step = null,
  finished_at = now(), heartbeat_at = now(), updated_at = now(),
  duration_ms = least(floor(extract(epoch from (now() - started_at)) * 1000), 2147483647)
where id = ? and status = 'running' and deleted_at is null
  and coalesce(heartbeat_at, started_at) < now() - (?::int * interval '1 millisecond')
returning *`

export const SELECT_STALE = `
select * from sync_run
where status = 'running' and deleted_at is null
  and (?::text is null or source = ?)
  and coalesce(heartbeat_at, started_at) < now() - (?::int * interval '1 millisecond')`

// Runs a process took (their owner holds the run's advisory lock while it lives).
export const SELECT_OWNED = `
select * from sync_run
where status = 'running' and deleted_at is null and owner is not null
  and (?::text is null or source = ?)`

// The owner's session is gone (its lock is free): interrupted now, whatever the heartbeat says.
export const INTERRUPT_ORPHAN = `
update sync_run set status = 'interrupted', error = ?, step = null,
  finished_at = now(), heartbeat_at = now(), updated_at = now(),
  duration_ms = least(floor(extract(epoch from (now() - started_at)) * 1000), 2147483647)
where id = ? and status = 'running' and deleted_at is null and owner = ?
returning *`

// Only one process may execute a run, even if the run-requested event is
// delivered twice: the first to write its owner wins.
export const ADOPT_RUN = `
update sync_run set owner = ?, heartbeat_at = now(), updated_at = now()
where id = ? and status = 'running' and owner is null and deleted_at is null
returning id`

// An interrupted run that must not be resumed automatically any more.
export const FAIL_INTERRUPTED = `
update sync_run set status = 'failed', error = ?, updated_at = now()
where id = ? and status = 'interrupted' and deleted_at is null
returning id`

export const REQUEST_CANCEL = `
update sync_run set cancel_requested = true, updated_at = now()
where id = ? and status = 'running' and deleted_at is null
returning id`

// Keeps the newest `keep` finished runs per source. Resumable runs (failed or
// interrupted, not yet resumed) are kept for `keepResumableDays` whatever their rank.
export const PRUNE_RUNS = `
with ranked as (
  select id, status, started_at,
    row_number() over (partition by source order by started_at desc) as rank,
    exists (select 1 from sync_run r where r.resumed_from = sync_run.id and r.deleted_at is null) as resumed
  from sync_run
  where status <> 'running' and deleted_at is null
), doomed as (
  select id from ranked
  where rank > ? and not (status in ('failed', 'interrupted') and not resumed
    and started_at > now() - (?::int * interval '1 day'))
), gone_errors as (
  delete from sync_run_error where run_id in (select id from doomed)
), gone_missing as (
  delete from sync_missing_product where run_id in (select id from doomed)
), gone_changes as (
  delete from sync_change where run_id in (select id from doomed)
), gone_batches as (
  delete from sync_batch where run_id in (select id from doomed)
)
delete from sync_run where id in (select id from doomed)
returning id`

// Everything the status board needs in one round trip, for every named
// source: the status route, the headers and the health check read it.
export const STATUS_BOARD = `
select s.source,
  (select row_to_json(r) from sync_run r
    where r.source = s.source and r.status = 'running' and r.deleted_at is null limit 1) as active,
  (select row_to_json(r) from sync_run r
    where r.source = s.source and r.status <> 'running' and r.deleted_at is null
    order by r.started_at desc limit 1) as last,
  (select max(r.finished_at) from sync_run r
    where r.source = s.source and r.status = 'completed' and not r.dry_run and r.mode <> 'targeted' and r.deleted_at is null) as last_success_at
from jsonb_array_elements_text(?::jsonb) with ordinality as s(source, n)
order by s.n`

// Committed on its own, before the product workflow runs (see SyncIntent).
export const RECORD_INTENTS = `
insert into sync_intent (id, source, external_id, handle, run_id)
select u.id, ?, u.external_id, u.handle, ?
from jsonb_to_recordset(?::jsonb) as u(id text, external_id text, handle text)
on conflict (source, external_id) where deleted_at is null do update
set handle = excluded.handle, run_id = excluded.run_id, updated_at = now()`

export const FIND_INTENTS = `
select external_id, handle, created_at from sync_intent
where source = ? and deleted_at is null
  and external_id in (select jsonb_array_elements_text(?::jsonb))`

export const DELETE_INTENTS = `
delete from sync_intent
where source = ? and external_id in (select jsonb_array_elements_text(?::jsonb))`

// An alert goes out once: the instance whose insert lands sends it.
export const CLAIM_ALERT = `
insert into sync_alert (id, source, kind, key) values (?, ?, ?, ?)
on conflict (source, kind, key) where deleted_at is null do nothing
returning id`

// Alerts older than the prune's horizon: their causes are gone.
export const PRUNE_ALERTS = `
delete from sync_alert where created_at < now() - make_interval(days => ?)`

// Images re-hosted before, by the sha1 of their source URL (a JSON array).
export const REHOSTED_IMAGES = `
select source_url, url from sync_image
where deleted_at is null and url_hash in (select jsonb_array_elements_text(?::jsonb))`

export const RECORD_REHOSTED_IMAGE = `
insert into sync_image (id, url_hash, source_url, file_id, url) values (?, ?, ?, ?, ?)
on conflict (url_hash) where deleted_at is null do nothing`

// A run's change log (see SyncChange): one row per changed product.
export const INSERT_CHANGES = `
insert into sync_change (id, run_id, source, external_id, product_id, title, action, fields, variants, prices, stock, changed, risks)
select u.id, ?, ?, u.external_id, u.product_id, u.title, u.action, u.fields, u.variants, u.prices, u.stock, u.changed, u.risks
from jsonb_to_recordset(?::jsonb) as u(id text, external_id text, product_id text, title text, action text,
  fields jsonb, variants jsonb, prices jsonb, stock jsonb, changed jsonb, risks jsonb)`

// The filters of a run's change log, shared by the page and its count:
// action, a changed field, a risk, and text in the external id or title.
const CHANGE_FILTER = `
from sync_change
where run_id = ? and deleted_at is null
  and (?::text is null or action = ?::text)
  and (?::text is null or changed @> jsonb_build_array(?::text))
  and (?::text is null or risks @> jsonb_build_array(?::text))
  and (?::text is null or external_id ilike ?::text or title ilike ?::text)`

export const LIST_CHANGES = `
select external_id, product_id, title, action, fields, variants, prices, stock, risks
${CHANGE_FILTER}
order by external_id
limit ? offset ?`

export const COUNT_CHANGES = `select count(*)::int as n ${CHANGE_FILTER}`

// Counts over a run's whole change log: per action, per changed field, per risk.
export const SUMMARIZE_CHANGES = `
select 'action' as kind, action as key, count(*)::int as n from sync_change where run_id = ? and deleted_at is null group by action
union all
select 'field', f, count(*)::int from sync_change, jsonb_array_elements_text(changed) as f where run_id = ? and deleted_at is null group by f
union all
select 'risk', r, count(*)::int from sync_change, jsonb_array_elements_text(risks) as r where run_id = ? and deleted_at is null group by r`

// A product's last changes, newest run first (dry runs' plans are not changes).
export const PRODUCT_CHANGES = `
select c.run_id, r.started_at, c.action, c.changed, c.fields, c.prices, c.stock, c.variants
from sync_change c join sync_run r on r.id = c.run_id
where c.product_id = ? and c.deleted_at is null and not r.dry_run
order by r.started_at desc
limit ?`
