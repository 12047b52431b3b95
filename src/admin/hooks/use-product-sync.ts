import { toast } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type { AdminSyncProductResponse } from "../../types"
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
