// One build for every target: node/cjs for the library, CLI, client and runtime worker; browser/esm
// for the UI bundle shared by browser mode and the VS Code webview; .d.ts files for the public API.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";

rmSync("dist", { recursive: true, force: true });
mkdirSync("dist/webview", { recursive: true });

const node = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  sourcemap: true,
  // esbuild has a native binary: installed beside the library (the extension uses VS Code's own
  // TypeScript instead). ws is bundled: the .vsix ships no node_modules of ours. bufferutil (ws's
  // native unmasking of the frames pages send, 0.007 against 0.48 ms per 460 KB) loads its binary
  // from its own folder, so it stays outside the bundle; where it is missing (the .vsix), ws's
  // require of it fails inside a try and ws unmasks in JavaScript.
  external: ["esbuild", "vscode", "bufferutil"],
  logLevel: "warning",
  // The voice activity detector (src/runtime/turns/webrtc-vad.ts): its WebAssembly (20 KB) goes inside
  // the bundles, so that they need no file beside them (the .vsix ships no node_modules); its ES module
  // loader asks for import.meta.url, which a CommonJS bundle has not by itself.
  define: { __FVAD_WASM__: JSON.stringify(readFileSync("node_modules/@echogarden/fvad-wasm/fvad.wasm").toString("base64")), "import.meta.url": "importMetaUrl" },
  inject: ["scripts/import-meta-url.js"],
};

// The UI: one bundle for browser mode and the VS Code webviews, and its audio worklet module.
const browser = {
  outdir: "dist/webview",
  bundle: true,
  platform: "browser",
  format: "esm",
  target: "chrome110",
  minify: true,
  logLevel: "warning",
};

await Promise.all([
  build({
    ...node,
    entryPoints: { index: "src/index.ts", cli: "src/cli.ts", worker: "src/runtime/worker.ts", "notebook-worker": "src/runtime/notebook-worker.ts", client: "src/client/index.ts", extension: "src/extension/extension.ts", mcp: "src/server/mcp-entry.ts" },
    outdir: "dist",
  }),
  build({ ...browser, entryPoints: { app: "webview/main.ts" }, sourcemap: true }),
  // The API page of an interface (<interface>/api/): its schema and snippets.
  build({ ...browser, entryPoints: { "api-page": "webview/api-page.ts" }, sourcemap: true }),
  // The notebook renderer: the same UI, made per output in a shadow root (notebook/inline-interfaces.ts).
  build({ ...browser, entryPoints: { "notebook-renderer": "webview/notebook-renderer.ts" }, sourcemap: true }),
  // The audio worklet module: loaded by audioWorklet.addModule from its own URL (named in the CSP).
  build({ ...browser, entryPoints: { "audio-worklet": "webview/worklet/audio-worklet.ts" } }),
  // The chart renderer (Vega-Lite): a module of its own, imported the first time a Plot shows.
  build({ ...browser, entryPoints: { plot: "webview/plot/render.ts" } }),
]);
cpSync("webview/api-page.css", "dist/webview/api-page.css");
// Styles: each module imports the CSS of what it draws (webview/views/image.css beside image.ts...);
// esbuild gathers them, in import order, into its entry's CSS: app.css for the page, and for the
// notebook renderer the styles of an output's shadow root, where what the page's root and body
// carry goes to :host.
const notebookCss = "dist/webview/notebook-renderer.css";
writeFileSync("dist/webview/notebook.css", hostRules(readFileSync(notebookCss, "utf8")).replace(/\/\*# sourceMappingURL=.*\*\/\s*$/, ""));
rmSync(notebookCss);
rmSync(`${notebookCss}.map`, { force: true });
// Declarations for `import * as li from "live-interface"` and "live-interface/client".
execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.types.json"], { stdio: "inherit" });

/** `css` with its top-level rules for `:root`, `html` and `body` (the page's own) made rules for `:host`. */
function hostRules(css) {
  const page = [":root", "html", "body"];
  const found = []; // [where, length] of each such selector
  let depth = 0;
  let start = 0; // where the current top-level rule begins
  for (let i = 0; i < css.length; i++) {
    const c = css[i];
    if (c === '"' || c === "'") {
      for (i++; i < css.length && css[i] !== c; i++) if (css[i] === "\\") i++;
    } else if (c === "/" && css[i + 1] === "*") {
      i = css.indexOf("*/", i + 2) + 1;
    } else if (c === "{") {
      if (depth++ > 0) continue;
      const selector = css.slice(start, i).replace(/\/\*[\s\S]*?\*\//g, "").trim();
      if (page.includes(selector)) found.push([css.lastIndexOf(selector, i), selector.length]);
    } else if (c === "}") {
      if (--depth === 0) start = i + 1;
    } else if (c === ";" && depth === 0) {
      start = i + 1;
    }
  }
  let out = css;
  for (const [at, length] of found.reverse()) out = out.slice(0, at) + ":host" + out.slice(at + length);
  return out;
}
