import { definePolicies } from "@medusajs/framework/utils"

/**
 * What a role may do with product sync, for stores that turn on Medusa's
 * RBAC (`MEDUSA_FF_RBAC=true`): give a role `product_sync:read` alone and it
 * watches syncs without starting, stopping or removing anything.
 * Medusa syncs these to its policy table at boot.
 */
export const productSyncPolicies = definePolicies([
  {
    name: "ReadProductSync",
    resource: "product_sync",
    operation: "read",
    description: "See sync status, runs, sources and previews",
  },
  {
    name: "StartProductSync",
    resource: "product_sync",
    operation: "create",
    description: "Trigger a sync or resume a run",
  },
  {
    name: "CancelProductSync",
    resource: "product_sync",
    operation: "update",
    description: "Cancel a running sync",
  },
  {
    name: "ApplyProductSyncRemovals",
    resource: "product_sync",
    operation: "delete",
    description: "Apply a held removal (draft or delete products that left a feed)",
  },
])

/** The policy a route needs: `product_sync:<operation>`. */
export const productSyncPolicy = (operation: "read" | "create" | "update" | "delete") => [{ resource: "product_sync", operation }]
