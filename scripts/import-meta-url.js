// Injected into the node/cjs bundles (scripts/build.mjs): `import.meta.url` of an ES module bundled
// into CommonJS (the WebAssembly voice activity detector's loader reads it) is the bundle's own URL.
export const importMetaUrl = require("node:url").pathToFileURL(__filename).href;
