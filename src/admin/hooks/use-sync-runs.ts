import { keepPreviousData, useQuery } from "@tanstack/react-query"
import type {
  AdminSyncChangesResponse,
  AdminSyncRunDetailResponse,
  SyncChangeAction,
  SyncChangeRisk,
  AdminSyncRunListResponse,
  SyncRunStatus,
} from "../../types"
import { sdk } from "../lib/sdk"

export const syncRunsQueryKey = ["product-sync", "runs"] as const

export type RunListFilter = {
  status?: SyncRunStatus
  limit: number
  offset: number
}

/** A page of run history, newest first; refreshes itself while a run is listed as running. */
export function useSyncRuns(filter: RunListFilter) {
  return useQuery({
    queryKey: [...syncRunsQueryKey, "list", filter],
    queryFn: () =>
      sdk.client.fetch<AdminSyncRunListResponse>("/admin/sync/runs", {
        query: { ...filter },
      }),
    placeholderData: keepPreviousData,
    refetchInterval: (query) =>
      query.state.data?.runs.some((r) => r.status === "running") ? 2_000 : false,
  })
}

/** One run with a page of its item errors. */
export function useSyncRun(id: string | null, errors: { limit: number; offset: number }) {
  return useQuery({
    queryKey: [...syncRunsQueryKey, "detail", id, errors],
    queryFn: () =>
      sdk.client.fetch<AdminSyncRunDetailResponse>(`/admin/sync/runs/${id}`, {
        query: { errors_limit: errors.limit, errors_offset: errors.offset },
      }),
    enabled: !!id,
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.run.status === "running" ? 2_000 : false),
  })
}

export type ChangeFilter = { action?: SyncChangeAction; risk?: SyncChangeRisk; q?: string; limit: number; offset: number }

/** A page of a run's change log (a dry run: its plan), with the summary of all of it. */
export function useSyncRunChanges(id: string | null, filter: ChangeFilter) {
  return useQuery({
    queryKey: [...syncRunsQueryKey, "changes", id, filter],
    queryFn: () =>
      sdk.client.fetch<AdminSyncChangesResponse>(`/admin/sync/runs/${id}/changes`, {
        query: Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== "")),
      }),
    enabled: !!id,
    placeholderData: keepPreviousData,
  })
}
