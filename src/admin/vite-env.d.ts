/// <reference types="vite/client" />

/** Defined by Medusa's admin bundler for plugin code: the backend's URL. */
declare const __BACKEND_URL__: string | undefined
