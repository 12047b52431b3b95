// Each spec file boots its own app; MikroORM's entity registry is global.
const { MetadataStorage } = require("@medusajs/framework/mikro-orm/core")

MetadataStorage.clear()
