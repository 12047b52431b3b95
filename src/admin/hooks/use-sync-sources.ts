import { useMutation, useQuery } from "@tanstack/react-query"
import type { AdminSyncPreviewResponse, AdminSyncSourcesResponse } from "../../types"
import { sdk } from "../lib/sdk"

export const syncSourcesQueryKey = ["product-sync", "sources"] as const

/** The configured sources (no secrets), each with its last run. */
export function useSyncSources() {
  return useQuery({
    queryKey: syncSourcesQueryKey,
    queryFn: () => sdk.client.fetch<AdminSyncSourcesResponse>("/admin/sync/sources"),
  })
}

/** Reads, maps and validates the first records of a source; writes nothing. */
export function usePreviewSource() {
  return useMutation({
    mutationFn: ({ name, limit = 10 }: { name: string; limit?: number }) =>
      sdk.client.fetch<AdminSyncPreviewResponse>(`/admin/sync/sources/${encodeURIComponent(name)}/preview`, {
        method: "POST",
        body: { limit },
      }),
  })
}
