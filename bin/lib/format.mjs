const ago = (iso) => {
  if (!iso) return "never"
  const s = Math.round((Date.now() - new Date(iso).getTime()) / 1000)
  if (s < 90) return `${s} s ago`
  if (s < 5400) return `${Math.round(s / 60)} min ago`
  if (s < 129600) return `${Math.round(s / 3600)} h ago`
  return `${Math.round(s / 86400)} days ago`
}

/** `120 of 300 items` (or `120 items` when the total is not known). */
export const progressOf = (run) =>
  `${run.progress.processed} ${run.progress.total !== null ? `of ${run.progress.total} ` : ""}items`

export const statsOf = ({ stats }) =>
  `${stats.created} created, ${stats.updated} updated, ${stats.unchanged} unchanged, ${stats.skipped} skipped, ${stats.failed} failed`

/** One line per run: what a script's log needs. */
export const runLine = (run) =>
  [run.id, run.source, run.status.padEnd(11), run.trigger.padEnd(9), run.started_at, progressOf(run), run.dry_run ? "dry run" : ""].filter(Boolean).join("  ")

/** The status of each source, one line each. */
export function statusLines(status) {
  const sources = status.sources ?? [{ name: status.source, enabled: true, ...status }]
  return sources.map((s) => {
    const state = !s.enabled ? "disabled" : s.run ? `running ${progressOf(s.run)} (run ${s.run.id})` : s.last_run ? `${s.last_run.status} ${ago(s.last_run.finished_at)} (run ${s.last_run.id})` : "never run"
    const next = s.next_run_at ? `next ${s.next_run_at}` : "not scheduled"
    const fresh = s.freshness.is_fresh ? "fresh" : `stale: last success ${ago(s.last_success_at)}`
    return `${s.name.padEnd(16)} ${state}; ${next}; ${fresh}`
  })
}

/** A run in detail, with its item errors. */
export function runDetail(run) {
  return [
    `run ${run.id} of "${run.source}": ${run.status}${run.dry_run ? " (dry run)" : ""}`,
    `  trigger   ${run.trigger} by ${run.triggered_by}${run.resumed_from ? `, resuming ${run.resumed_from}` : ""}`,
    `  started   ${run.started_at}${run.finished_at ? `, finished ${run.finished_at}` : ""}`,
    `  progress  ${progressOf(run)}: ${statsOf(run)}`,
    ...(run.error ? [`  error     ${run.error}`] : []),
    ...(run.note ? [`  note      ${run.note}`] : []),
    ...(run.error_count ? [`  item errors (${run.error_count}):`, ...run.errors.map((e) => `    ${e.external_id ?? "(no id)"}: ${e.message}`)] : []),
    ...(run.error_count > run.errors?.length ? [`    … ${run.error_count - run.errors.length} more`] : []),
  ]
}
