/**
 * The context a step gives the Medusa workflows it runs: their events join
 * the batch's event group and are not released when they end. The run loop
 * releases the group once the batch has committed, and clears it when the
 * batch is undone (see runBatch): a `product.created` never goes out for a
 * product whose batch deleted it again.
 */
export type NestedRun = { eventGroupId?: string; preventReleaseEvents: true }

export const nestedIn = (eventGroupId: string | undefined): NestedRun => ({ eventGroupId, preventReleaseEvents: true })
