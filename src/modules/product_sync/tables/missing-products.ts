import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/knex"
import { generateEntityId } from "@medusajs/framework/utils"
import type { MissingItem } from "./ledger"

// sync_missing_product: the products a run found missing, as rows.

const DELETE_MISSING_PRODUCTS = `
delete from sync_missing_product where run_id = ?`

const INSERT_MISSING_PRODUCTS = `
insert into sync_missing_product (id, run_id, external_id, product_id)
select u.id, ?, u.external_id, u.product_id
from jsonb_to_recordset(?::jsonb) as u(id text, external_id text, product_id text)`

/** Run `runId`'s missing products become `products`. */
export async function replaceMissingProducts(manager: SqlEntityManager, runId: string, products: MissingItem[]): Promise<void> {
  await manager.execute(DELETE_MISSING_PRODUCTS, [runId])
  if (!products.length) return
  const withIds = products.map((p) => ({ id: generateEntityId(undefined, "psmiss"), external_id: p.external_id, product_id: p.product_id }))
  await manager.execute(INSERT_MISSING_PRODUCTS, [runId, JSON.stringify(withIds)])
}
