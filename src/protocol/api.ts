// What the HTTP API tells programs about an interface (GET <interface>/api/info), and what the API
// page gets from the server: shared by the server (api-info.ts, api-page.ts) and the page (webview/api-page.ts).
import type { InterfaceKind } from "./messages";

export type JsonSchema = Record<string, unknown>;

export interface ApiParameter {
  /** The property name calls use. */
  name: string;
  label: string;
  /** The component: "slider", "image"… */
  component: string;
  schema: JsonSchema;
}

export interface ApiInfo {
  /** The app's name (its URL segment, the MCP tool's name). */
  name: string;
  title?: string;
  description?: string;
  /** fn's doc comment (server/fn-doc.ts). */
  doc?: string;
  kind: InterfaceKind;
  /** fn is a generator: its outputs stream (server-sent events, MCP progress). */
  streams: boolean;
  inputs: ApiParameter[];
  outputs: ApiParameter[];
  /** The inputs of a call as one object schema, and the outputs of its answer. */
  inputSchema: JsonSchema;
  outputSchema: JsonSchema;
  /** Example inputs, by name: the interface's first example, else the inputs' initial values. */
  example: Record<string, unknown>;
}

/** What the API page (webview/api-page.ts) reads from its boot block. */
export interface ApiPageBoot {
  info?: ApiInfo;
  /** Why there is no info: the module does not load. */
  loadError?: string;
  /** The tool's name and description, as MCP clients see them. */
  tool: { name: string; description?: string };
  /** The server serves MCP (serve --mcp). */
  mcp: boolean;
  /** The module file, for the stdio MCP snippet (`live-interface mcp <file>`). */
  file?: string;
  /** The interface page, relative to this one (the back link, and the base of the API's URLs). */
  interfacePath: string;
  single: boolean;
}
