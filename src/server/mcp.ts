// Interfaces as Model Context Protocol tools, with the official SDK's Server: each interface is a
// tool (name: the app's; description: title, description and fn's doc comment; input schema: from
// the components), a call runs on the API's path (api-call.ts: checked, in the line), and its result
// is MCP content (text, images, audio; other media as embedded resources). fn's progress(), its place
// in line and a generator's partial text reach the caller as progress notifications.
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult, type ServerNotification, type Tool } from "@modelcontextprotocol/sdk/types.js";
import type { InterfaceConfig, Wire } from "../protocol/messages";
import { callProblem } from "../runtime/input-check";
import { apiCall } from "./api-call";
import { apiInfo, describeForAgents, toolName } from "./api-info";
import { parameters } from "./json-schema";
import { callValues, InputError, outputMedia, outputToJson } from "./json-values";
import type { App } from "./server";

type Content = CallToolResult["content"][number];


/** The tool of a loaded app, or undefined while its module does not load. */
function toolOf(app: App): Tool | undefined {
  const config = app.executor.config;
  if (!config) return undefined;
  const info = apiInfo(app.name, config, app.file);
  return {
    name: toolName(app.name),
    ...(info.title ? { title: info.title } : {}),
    description: describeForAgents(info),
    inputSchema: info.inputSchema as Tool["inputSchema"],
  };
}

/** The outputs of a call as MCP content: one item per output (text, image, audio, or a resource). */
export function contentOf(config: InterfaceConfig, outputs: readonly Wire[], app: string): Content[] {
  const params = parameters(config.outputs, "output");
  const named = (name: string, text: string) => (params.length > 1 ? `${name}: ${text}` : text);
  return params.flatMap((p): Content[] => {
    const value = outputs[p.index];
    const media = (v: Wire, label: string): Content | undefined => {
      const m = outputMedia(p.spec, v);
      if (!m) return undefined;
      const data = Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength).toString("base64");
      if (m.mime.startsWith("image/")) return { type: "image", data, mimeType: m.mime };
      if (m.mime.startsWith("audio/")) return { type: "audio", data, mimeType: m.mime };
      return { type: "resource", resource: { uri: `live-interface://${encodeURIComponent(app)}/${encodeURIComponent(label)}`, mimeType: m.mime, blob: data } };
    };
    switch (p.spec.type) {
      case "image":
      case "audio":
      case "video": {
        const item = media(value, p.name);
        return item ? [item] : [{ type: "text", text: named(p.name, "(none)") }];
      }
      case "gallery":
        return (value as { image: Wire; caption: string | null }[]).flatMap((g, i) => [media(g.image, `${p.name}-${i + 1}`), g.caption ? ({ type: "text", text: g.caption } as Content) : undefined].filter((c): c is Content => !!c));
      case "file":
        return (value as { name: string; mime: string; bytes: Uint8Array }[]).map((f) => ({
          type: "resource",
          resource: { uri: `live-interface://${encodeURIComponent(app)}/${encodeURIComponent(f.name)}`, mimeType: f.mime, blob: Buffer.from(f.bytes).toString("base64") },
        }));
      default: {
        const json = outputToJson(p.spec, value);
        return [{ type: "text", text: named(p.name, typeof json === "string" ? json : JSON.stringify(json)) }];
      }
    }
  });
}

const failure = (message: string): CallToolResult => ({ content: [{ type: "text", text: message }], isError: true });

/** What a progress notification says about a generator's outputs so far: the end of its text. */
function partialText(config: InterfaceConfig, outputs: readonly Wire[]): string | undefined {
  const text = config.outputs.map((spec, i) => (["textbox", "markdown", "code"].includes(spec.type) && typeof outputs[i] === "string" ? (outputs[i] as string) : "")).join("\n").trim();
  return text ? (text.length > 200 ? `…${text.slice(-200)}` : text) : undefined;
}

/** An MCP server (not yet connected to a transport) whose tools are `apps`. */
export function createMcpServer(apps: App[], version: string): Server {
  const server = new Server({ name: "live-interface", version }, { capabilities: { tools: { listChanged: true } } });
  const byTool = new Map(apps.map((a) => [toolName(a.name), a]));
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: apps.map(toolOf).filter((t): t is Tool => !!t) }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const app = byTool.get(request.params.name);
    if (!app) return failure(`There is no tool "${request.params.name}": the tools are ${[...byTool.keys()].join(", ")}.`);
    const config = app.executor.config;
    if (!config) return failure(`${app.name} does not load: ${app.executor.loadError?.message ?? "the module is not loaded"}`);
    let values: Wire[];
    try {
      values = callValues(config, request.params.arguments ?? {});
      const refused = callProblem(config, values);
      if (refused) throw new InputError(refused);
    } catch (e) {
      if (e instanceof InputError) return failure(e.message);
      throw e;
    }
    const token = extra._meta?.progressToken;
    let last = 0;
    const notify = (fraction: number | null, message?: string) => {
      if (token === undefined) return;
      last = Math.max(last, fraction ?? last);
      const notification: ServerNotification = { method: "notifications/progress", params: { progressToken: token, progress: last, total: 1, ...(message ? { message } : {}) } };
      void extra.sendNotification(notification).catch(() => {});
    };
    const call = apiCall(app.executor, values, {
      queued: (s) => notify(0, `Waiting in line: ${s.position} of ${s.size}${s.eta !== undefined ? ` (about ${Math.ceil(s.eta)} s)` : ""}`),
      progress: (fraction, text) => notify(fraction, text),
      output: (outputs) => config.generator && notify(null, partialText(config, outputs)),
    });
    extra.signal.addEventListener("abort", () => call.cancel(), { once: true });
    const result = await call.result;
    if ("error" in result) return failure(result.error.location ? `${result.error.message} (at ${result.error.location})` : result.error.message);
    return { content: contentOf((await call.config) ?? config, result.outputs, app.name) };
  });
  return server;
}

/** Tells `server`'s client when the tool list changes (a module reloaded); gives a function that stops it. */
export function announceToolChanges(server: Server, apps: App[]): () => void {
  const stops = apps.map((a) => a.executor.onReload(() => void server.sendToolListChanged().catch(() => {})));
  return () => stops.forEach((s) => s());
}
