import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"

export async function emit(container: MedusaContainer, name: string, data: Record<string, unknown>) {
  await container.resolve(Modules.EVENT_BUS).emit({ name, data })
}
