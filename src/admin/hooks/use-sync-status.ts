import { useQuery, useQueryClient } from "@tanstack/react-query"
import { useEffect, useRef } from "react"
import type { AdminSyncStatusResponse } from "../../types"
import { IDLE_POLL_MS, statusPollInterval } from "../lib/polling"
import { sdk } from "../lib/sdk"
import { syncRunsQueryKey } from "./use-sync-runs"
import { useSyncStream } from "./use-sync-stream"

export const syncStatusQueryKey = (source?: string) =>
  ["product-sync", "status", source ?? "*"] as const

/**
 * The live status of a source, or of every source when none is named
 * (`is_running` when any runs): pushed by the live stream, polled while the
 * stream is down; polling stops when the component unmounts.
 * When a run ends, the dashboard's product lists are refetched to show its
 * work; when one starts or ends, the run history is.
 */
export function useSyncStatus(source?: string) {
  const queryClient = useQueryClient()
  const streaming = useSyncStream()
  const query = useQuery({
    queryKey: syncStatusQueryKey(source),
    queryFn: () =>
      sdk.client.fetch<AdminSyncStatusResponse>("/admin/sync/status", {
        query: source === undefined ? {} : { source },
      }),
    refetchInterval: (query) => (streaming ? IDLE_POLL_MS : statusPollInterval(query.state.data)),
    refetchOnWindowFocus: true,
  })
  const wasRunning = useRef(false)
  const running = !!query.data?.is_running
  useEffect(() => {
    if (wasRunning.current && !running) {
      queryClient.invalidateQueries({ queryKey: ["products"] })
    }
    // A run that starts or ends changes the history too.
    if (wasRunning.current !== running) {
      queryClient.invalidateQueries({ queryKey: syncRunsQueryKey })
    }
    wasRunning.current = running
  }, [running, queryClient])
  return query
}
