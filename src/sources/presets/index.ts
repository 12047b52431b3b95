import type { SourcePreset } from "../../types"
import { googleMerchant } from "./google-merchant"
import { magentoCsv } from "./magento-csv"
import { medusaCsv } from "./medusa-csv"
import { shopify } from "./shopify"
import { shopifyCsv } from "./shopify-csv"
import type { Preset } from "./types"
import { woocommerceCsv } from "./woocommerce-csv"

export type { Preset, PresetContext } from "./types"

export const PRESETS: Record<SourcePreset, Preset> = {
  shopify,
  "shopify-csv": shopifyCsv,
  "woocommerce-csv": woocommerceCsv,
  "magento-csv": magentoCsv,
  "medusa-csv": medusaCsv,
  "google-merchant": googleMerchant,
}
