import { useQuery } from "@tanstack/react-query"
import type { AdminSyncStatusResponse } from "../../types"
import { sdk } from "../lib/sdk"

export const ACTIVE_POLL_MS = 2_000
export const IDLE_POLL_MS = 30_000

export const syncStatusQueryKey = (source: string) =>
  ["product-sync", "status", source] as const

/** How often to ask: every 2 s while a run is active, every 30 s otherwise. */
export const statusPollInterval = (data?: AdminSyncStatusResponse) =>
  data?.is_running ? ACTIVE_POLL_MS : IDLE_POLL_MS

/** The live status of a source; polling stops when the component unmounts. */
export function useSyncStatus(source = "default") {
  return useQuery({
    queryKey: syncStatusQueryKey(source),
    queryFn: () =>
      sdk.client.fetch<AdminSyncStatusResponse>("/admin/sync/status", {
        query: { source },
      }),
    refetchInterval: (query) => statusPollInterval(query.state.data),
    refetchOnWindowFocus: true,
  })
}
