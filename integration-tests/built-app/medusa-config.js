// A Medusa app that installs the plugin as users do: by package name, from
// the packed tarball (scripts/lib/pack-plugin.mjs puts it in node_modules).
const { defineConfig } = require("@medusajs/framework/utils")

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: { jwtSecret: "built-secret", cookieSecret: "built-secret" },
  },
  // Real `medusa start` processes of the fresh app serve the API only.
  admin: { disable: process.env.MEDUSA_ADMIN_DISABLE === "true" },
  plugins: [
    {
      resolve: "medusa-product-sync",
      options: {
        sources: {
          catalog: { url: process.env.BUILT_FEED_PATH },
          // A function in plugin options must survive the real plugin loading path.
          supplier: {
            url: process.env.BUILT_SUPPLIER_PATH,
            items: "data.items",
            map: (item, ctx) =>
              item.active
                ? {
                    external_id: item.code,
                    title: item.name.replace(/\b\w/g, (c) => c.toUpperCase()),
                    variants: [{ sku: item.code, prices: [{ currency_code: "eur", amount: item.price_eur }] }],
                    metadata: { source: ctx.source, record: ctx.index },
                  }
                : null,
          },
        },
        batchSize: 7,
      },
    },
  ],
})
