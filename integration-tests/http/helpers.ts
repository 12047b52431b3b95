import type { SyncRunDTO } from "../../src/types"

type Api = { get: (url: string, config?: unknown) => Promise<{ data: any }> }

/** Polls a run until it leaves `running`; fails the test after `timeoutMs`. */
export async function waitForRun(
  api: Api,
  headers: Record<string, string>,
  id: string,
  timeoutMs = 90_000
): Promise<SyncRunDTO & { errors: any[]; error_count: number }> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const { data } = await api.get(`/admin/sync/runs/${id}`, { headers })
    if (data.run.status !== "running") return data.run
    if (Date.now() > deadline) throw new Error(`run ${id} still running after ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

/** Every product's id, external id and updated_at, through the admin API. */
export async function listProducts(api: Api, headers: Record<string, string>) {
  const { data } = await api.get(
    "/admin/products?limit=1000&fields=id,title,handle,external_id,updated_at",
    { headers }
  )
  return data as { products: { id: string; title: string; handle: string; external_id: string; updated_at: string }[]; count: number }
}
