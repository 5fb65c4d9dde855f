// The UI's own files (the webview bundle: its script, styles and fonts) as the server hands them out
// at /assets/<name>, after the server's checks: only files inside the bundle's folder, each with
// the type its name says. The folder sits next to the bundled server (dist/webview), or is found
// from the source tree (src/server -> dist/webview) when the server runs from source.
import * as fs from "node:fs";
import type * as http from "node:http";
import * as path from "node:path";

const WEBVIEW_DIR = [path.join(__dirname, "webview"), path.resolve(__dirname, "../../dist/webview")].find((d) => fs.existsSync(d));
const MIME: Record<string, string> = { ".js": "text/javascript", ".css": "text/css", ".map": "application/json", ".ttf": "font/ttf", ".woff2": "font/woff2" };

/** Sends the bundle's file `name` (a path below /assets/), or 404 for one outside it or not there. */
export function sendAsset(name: string, res: http.ServerResponse, headers: Record<string, string>): void {
  const file = WEBVIEW_DIR && path.join(WEBVIEW_DIR, path.normalize(name));
  if (!file || !file.startsWith(WEBVIEW_DIR + path.sep) || !fs.existsSync(file)) {
    res.writeHead(404, headers);
    return void res.end();
  }
  res.writeHead(200, { ...headers, "Content-Type": MIME[path.extname(file)] ?? "application/octet-stream" });
  fs.createReadStream(file).pipe(res);
}
