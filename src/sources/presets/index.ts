import type { SourcePreset } from "../../types"
import { googleMerchant } from "./google-merchant"
import { medusaCsv } from "./medusa-csv"
import { shopify } from "./shopify"
import { shopifyCsv } from "./shopify-csv"
import type { Preset } from "./types"

export type { Preset, PresetContext } from "./types"

export const PRESETS: Record<SourcePreset, Preset> = {
  shopify,
  "shopify-csv": shopifyCsv,
  "medusa-csv": medusaCsv,
  "google-merchant": googleMerchant,
}
