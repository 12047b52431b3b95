import { toast } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useEffect } from "react"
import type { AdminSyncProductResponse, AdminSyncRunResponse } from "../../types"
import { sdk } from "../lib/sdk"

const keyOf = (productId: string | undefined) => ["product-sync", "product", productId]

/** Which source a product comes from; `sync: null` when no source manages it. */
export function useProductSync(productId: string | undefined) {
  return useQuery({
    queryKey: keyOf(productId),
    queryFn: () => sdk.client.fetch<AdminSyncProductResponse>(`/admin/sync/products/${productId}`),
    enabled: !!productId,
  })
}

/**
 * Sync this product now: a targeted run of its source for its external id,
 * followed until it ends (`run`, refreshed each second while it runs).
 */
export function useSyncProductNow(productId: string) {
  const queryClient = useQueryClient()
  const start = useMutation({
    mutationFn: ({ source, externalId }: { source: string; externalId: string }) =>
      sdk.client.fetch<AdminSyncRunResponse>("/admin/sync/trigger", { method: "POST", body: { source, only: [externalId] } }),
    onError: (error) => toast.error("Could not sync this product", { description: (error as Error).message }),
  })
  const runId = start.data?.run.id
  const run = useQuery({
    queryKey: ["product-sync", "run", runId],
    queryFn: () => sdk.client.fetch<AdminSyncRunResponse>(`/admin/sync/runs/${runId}`),
    enabled: !!runId,
    refetchInterval: (query) => (query.state.data?.run.status === "running" ? 1000 : false),
  })
  const ended = run.data && run.data.run.status !== "running" ? run.data.run : null
  // The product's card shows what the run wrote once it ended.
  useEffect(() => {
    if (ended) void queryClient.invalidateQueries({ queryKey: keyOf(productId) })
  }, [ended?.id, productId, queryClient])
  return { start, run: run.data?.run ?? start.data?.run ?? null, ended }
}

/** Stops (`true`) or restarts (`false`) syncing one product. */
export function useLockProduct(productId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (lock: boolean) =>
      sdk.client.fetch<AdminSyncProductResponse>(`/admin/sync/products/${productId}/lock`, { method: lock ? "POST" : "DELETE" }),
    onSuccess: (_data, lock) => toast.success(lock ? "Syncs leave this product alone now" : "The next sync updates this product again"),
    onError: (error) => toast.error("Could not change the product's sync", { description: (error as Error).message }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keyOf(productId) }),
  })
}
