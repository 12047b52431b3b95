import type { AdminSyncStatusResponse } from "../../types"

export const ACTIVE_POLL_MS = 2_000
export const IDLE_POLL_MS = 30_000

/** How often to ask: every 2 s while a run is active, every 30 s otherwise. */
export const statusPollInterval = (data?: AdminSyncStatusResponse) =>
  data?.is_running ? ACTIVE_POLL_MS : IDLE_POLL_MS
