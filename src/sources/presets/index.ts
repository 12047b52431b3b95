import type { SourcePreset } from "../../types"
import { googleMerchant } from "./google-merchant"
import { medusaCsv } from "./medusa-csv"
import { shopify } from "./shopify"
import type { Preset } from "./types"

export type { Preset, PresetContext } from "./types"

export const PRESETS: Record<SourcePreset, Preset> = {
  shopify,
  "medusa-csv": medusaCsv,
  "google-merchant": googleMerchant,
}
