import { useQuery } from "@tanstack/react-query"
import type { AdminSyncProductResponse } from "../../types"
import { sdk } from "../lib/sdk"

/** Which source a product comes from; `sync: null` when no source manages it. */
export function useProductSync(productId: string | undefined) {
  return useQuery({
    queryKey: ["product-sync", "product", productId],
    queryFn: () => sdk.client.fetch<AdminSyncProductResponse>(`/admin/sync/products/${productId}`),
    enabled: !!productId,
  })
}
