// An interface described for programs: GET <interface>/api/info, the API page, and MCP's tool list
// all give this (names, texts, and the inputs and outputs as JSON Schema).
import type { ApiInfo } from "../protocol/api";
import type { InterfaceConfig } from "../protocol/messages";
import { fnDocOfFile } from "./fn-doc";
import { inputSchema, inputsSchema, outputSchema, outputsSchema, parameters } from "./json-schema";

export type { ApiInfo, ApiParameter } from "../protocol/api";

/** The description of interface `config`, served as app `name` from module `file`. */
export function apiInfo(name: string, config: InterfaceConfig, file?: string): ApiInfo {
  const inputs = parameters(config.inputs, "input");
  const plain = (v: unknown) => v === null || typeof v !== "object" || Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype;
  const example: Record<string, unknown> = {};
  for (const p of inputs) {
    const v = config.examples[0]?.[p.index] ?? p.spec.value;
    if (plain(v) && !["image", "audio", "video", "file"].includes(p.spec.type)) example[p.name] = v;
  }
  return {
    name,
    title: config.title,
    description: config.description,
    doc: fnDocOfFile(file),
    kind: config.kind,
    streams: config.generator,
    inputs: inputs.map((p) => ({ name: p.name, label: p.spec.label, component: p.spec.type, schema: inputSchema(p.spec) })),
    outputs: parameters(config.outputs, "output").map((p) => ({ name: p.name, label: p.spec.label, component: p.spec.type, schema: outputSchema(p.spec) })),
    inputSchema: inputsSchema(config),
    outputSchema: outputsSchema(config),
    example,
  };
}

/** One text for a tool's description: the title, the description, and fn's doc comment. */
export function describeForAgents(info: ApiInfo): string {
  const parts = [info.title, info.description, info.doc].filter((s): s is string => !!s && s.trim() !== "");
  const outputs = info.outputs.map((o) => `${o.name} (${o.component})`).join(", ");
  return [...parts, outputs && `Returns ${outputs}.`].filter(Boolean).join("\n\n") || `Runs the interface ${info.name}.`;
}

/** The MCP tool name of app `name`: letters, digits, _ . - only, at most 64 (what MCP accepts). */
export const toolName = (name: string) => name.replace(/[^A-Za-z0-9_.-]+/g, "_").slice(0, 64) || "interface";
