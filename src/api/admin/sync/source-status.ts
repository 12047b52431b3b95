import { nextRunAt, scheduleOf, sourceCron } from "../../../modules/product_sync/utils/schedule"
import type { SourceStatusRow, StatusBoard } from "../../../modules/product_sync/status-board"
import { toSyncRunDTO } from "../../../modules/product_sync/utils/to-dto"
import type { AdminSyncSourceStatusDTO, ResolvedProductSyncOptions } from "../../../types"

/** A row of the status board as the API shows it: runs, schedule, freshness. */
function toSourceStatusDTO(row: SourceStatusRow, options: ResolvedProductSyncOptions, now = new Date()): AdminSyncSourceStatusDTO {
  const source = options.sources[row.source]
  const cron = sourceCron(row.source, source, scheduleOf(process.env))
  const lastSuccessAt = row.last_success_at ? new Date(row.last_success_at) : null
  return {
    name: row.source,
    enabled: source.enabled !== false,
    schedule: cron,
    is_running: !!row.active,
    run: row.active ? toSyncRunDTO(row.active) : null,
    last_run: row.last ? toSyncRunDTO(row.last) : null,
    next_run_at: nextRunAt(cron, now),
    last_success_at: lastSuccessAt?.toISOString() ?? null,
    freshness: {
      max_age_hours: options.freshnessHours,
      is_fresh: !!lastSuccessAt && now.getTime() - lastSuccessAt.getTime() <= options.freshnessHours * 3_600_000,
    },
  }
}

const startedAt = (s: AdminSyncSourceStatusDTO) => new Date((s.run ?? s.last_run)?.started_at ?? 0).getTime()

/** The source a bare status describes: `default` when configured, else the one that ran last. */
export function describedSource(sources: AdminSyncSourceStatusDTO[]): AdminSyncSourceStatusDTO | null {
  return sources.find((s) => s.name === "default") ?? [...sources].sort((a, b) => startedAt(b) - startedAt(a))[0] ?? null
}

// The board changes at most once a second; its DTOs (cron parsing included) are made once per board.
const made = new WeakMap<StatusBoard, AdminSyncSourceStatusDTO[]>()

/** Every source's status DTO from one status board, computed once per board however many requests read it. */
export function sourceStatusesOf(board: StatusBoard, options: ResolvedProductSyncOptions): AdminSyncSourceStatusDTO[] {
  let dtos = made.get(board)
  if (!dtos) made.set(board, (dtos = board.sources.map((row) => toSourceStatusDTO(row, options, board.read_at))))
  return dtos
}
