// The API page's snippets: curl, the Node client and MCP client configurations, written for the
// address the page was opened at (so they carry its real URL and token, proxy prefix included).
import type { ApiPageBoot } from "../../src/protocol/api";

export interface Snippet {
  id: string;
  title: string;
  /** What it is for, in a sentence. */
  note: string;
  /** The text with the token in it (what Copy copies, what runs). */
  text: string;
  language: "sh" | "js" | "json";
}

/** The URLs of the interface's API, from the page's own address. */
export interface ApiUrls {
  /** The interface's page, token included. */
  page: string;
  info: string;
  predict: string;
  mcp: string;
  token: string;
}

export function apiUrls(boot: ApiPageBoot, location: Location): ApiUrls {
  const token = new URLSearchParams(location.search).get("token") ?? "";
  const base = new URL(boot.interfacePath, location.href);
  base.search = "";
  base.hash = "";
  const at = (path: string) => `${new URL(path, base).href}?token=${token}`;
  return { page: at("./"), info: at("api/info"), predict: at("api/predict"), mcp: at("mcp"), token };
}

/** Single quotes for a POSIX shell: what is inside stays as it is. */
const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function snippets(boot: ApiPageBoot, urls: ApiUrls): Snippet[] {
  const info = boot.info!;
  const example = info.example;
  const body = JSON.stringify(example);
  const media = info.inputs.filter((i) => ["image", "audio", "video", "file"].includes(i.component));
  const out: Snippet[] = [
    {
      id: "curl",
      title: "curl",
      note: "Runs fn once; the answer is JSON: `{ \"outputs\": { … } }`. Inputs left out take their initial values.",
      text: `curl -sS -X POST ${shellQuote(urls.predict)} \\\n  -H 'Content-Type: application/json' \\\n  -d ${shellQuote(body)}`,
      language: "sh",
    },
    {
      id: "curl-events",
      title: "curl, streaming",
      note: info.streams
        ? "fn is a generator: each yield arrives as an `output` event, then `done` (server-sent events)."
        : "Server-sent events: the place in line (`queue`), fn's `progress`, `output`, then `done` or `error`.",
      text: `curl -sSN -X POST ${shellQuote(urls.predict)} \\\n  -H 'Accept: text/event-stream' -H 'Content-Type: application/json' \\\n  -d ${shellQuote(body)}`,
      language: "sh",
    },
  ];
  if (media.length > 0) {
    const fields = [
      ...Object.entries(example).map(([k, v]) => `  -F ${shellQuote(`${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)}`),
      ...media.map((m) => `  -F ${shellQuote(`${m.name}=@${m.component === "image" ? "picture.png" : m.component === "audio" ? "sound.wav" : m.component === "video" ? "clip.mp4" : "data.csv"}`)}`),
    ];
    out.push({
      id: "curl-files",
      title: "curl, with files",
      note: "Media as uploads (multipart/form-data): images as PNG, audio as WAV. In JSON they are data URLs or base64.",
      text: `curl -sS -X POST ${shellQuote(urls.predict)} \\\n${fields.join(" \\\n")}`,
      language: "sh",
    });
  }
  const args = info.inputs.map((i) => (i.name in example ? JSON.stringify(example[i.name]) : "null")).join(", ");
  out.push({
    id: "node",
    title: "Node client",
    note: "npm install live-interface, then run as an ES module (example.mjs). Values go in input order; media as the components take them (ImageFrame, AudioChunk).",
    text: info.streams
      ? `import { Client } from "live-interface/client";\n\nconst client = await Client.connect(${JSON.stringify(urls.page)});\nfor await (const outputs of client.submit(${args})) console.log(outputs);\nclient.close();`
      : `import { Client } from "live-interface/client";\n\nconst client = await Client.connect(${JSON.stringify(urls.page)});\nconsole.log(await client.predict(${args}));\nclient.close();`,
    language: "js",
  });
  const name = boot.tool.name;
  if (boot.mcp) {
    out.push({
      id: "mcp-http",
      title: "MCP (HTTP)",
      note: `This server speaks MCP: add it to your MCP client. VS Code: .vscode/mcp.json; other clients take the same URL (as "mcpServers").`,
      text: JSON.stringify({ servers: { [name]: { type: "http", url: urls.mcp } } }, null, 2),
      language: "json",
    });
  }
  if (boot.file) {
    out.push({
      id: "mcp-stdio",
      title: "MCP (stdio)",
      note: `The MCP client starts the interface itself (no server needed): \`live-interface mcp <module>\` speaks MCP on stdin/stdout.${boot.mcp ? "" : " Or serve with \`--mcp\`: this page then shows the HTTP endpoint."}`,
      text: JSON.stringify({ servers: { [name]: { type: "stdio", command: "npx", args: ["live-interface", "mcp", boot.file] } } }, null, 2),
      language: "json",
    });
  }
  return out;
}
