// The described HTTP API of one interface: GET <interface>/api/info (apiInfo: inputs and outputs as
// JSON Schema) and POST <interface>/api/predict (one call: JSON or multipart inputs in, JSON out, or
// server-sent events with `Accept: text/event-stream`). The server has checked token, Host and
// Origin before routing here; calls run in the interface's one line (api-call.ts).
import type * as http from "node:http";
import type { InterfaceConfig, UserError, Wire } from "../protocol/messages";
import { callProblem } from "../runtime/input-check";
import { apiCall } from "./api-call";
import { apiInfo } from "./api-info";
import { parameters } from "./json-schema";
import { callValues, InputError, outputsToJson } from "./json-values";
import { formBoundary, parseForm } from "./multipart";
import type { App } from "./server";

/** The HTTP status for a call that failed with `error`. */
export function statusOf(error: UserError): number {
  switch (error.kind) {
    case "input":
    case "protocol":
      return 400;
    case "queue":
      return 429;
    case "load":
      return 503;
    case "timeout":
      return 504;
    default:
      return 500;
  }
}

type Headers = Record<string, string>;

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Headers): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text), ...(status === 429 ? { "Retry-After": "1" } : {}) });
  res.end(text);
}

const errorBody = (error: UserError) => ({ error: { kind: error.kind, message: error.message, ...(error.location ? { location: error.location } : {}) } });

/** GET <interface>/api/info */
export function serveInfo(res: http.ServerResponse, app: App, headers: Headers): void {
  const config = app.executor.config;
  if (!config) return sendJson(res, 503, errorBody(app.executor.loadError ?? { kind: "load", message: "the module is not loaded" }), headers);
  sendJson(res, 200, apiInfo(app.name, config, app.file), headers);
}

/** The request's body, up to `max` bytes (undefined past that). */
async function readBody(req: http.IncomingMessage, max: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The JSON inputs of a multipart body: uploads as bytes, fields as JSON where they parse (text inputs as they are). */
function formInputs(config: InterfaceConfig, body: Buffer, boundary: string): Record<string, unknown> {
  const parts = parseForm(body, boundary);
  if (typeof parts === "string") throw new InputError(`The body must be ${parts}.`);
  const specs = new Map(parameters(config.inputs, "input").map((p) => [p.name, p.spec]));
  const textual = new Set(["textbox", "code", "markdown", "html", "colorpicker"]);
  const inputs: Record<string, unknown> = {};
  for (const part of parts) {
    const spec = specs.get(part.name);
    if (part.filename !== undefined || (part.mime && !part.mime.startsWith("text/") && part.mime !== "application/json")) {
      inputs[part.name] = { name: part.filename ?? part.name, mime: part.mime ?? "application/octet-stream", bytes: new Uint8Array(part.data) };
      continue;
    }
    const text = part.data.toString("utf8");
    if (spec && textual.has(spec.type)) inputs[part.name] = text;
    else {
      try {
        inputs[part.name] = JSON.parse(text);
      } catch {
        inputs[part.name] = text;
      }
    }
  }
  return inputs;
}

/** POST <interface>/api/predict */
export async function servePredict(req: http.IncomingMessage, res: http.ServerResponse, app: App, headers: Headers, maxBytes: number): Promise<void> {
  const config = app.executor.config;
  if (!config) return sendJson(res, 503, errorBody(app.executor.loadError ?? { kind: "load", message: "the module is not loaded" }), headers);
  const body = await readBody(req, maxBytes);
  if (!body) return sendJson(res, 413, errorBody({ kind: "input", message: `The body is larger than ${maxBytes / 2 ** 20} MiB.` }), headers);
  let values: Wire[];
  try {
    const boundary = formBoundary(req.headers["content-type"]);
    let json: unknown;
    if (boundary) json = formInputs(config, body, boundary);
    else {
      try {
        json = body.length === 0 ? {} : JSON.parse(body.toString("utf8"));
      } catch (e) {
        throw new InputError(`The body must be JSON (the inputs by name) or multipart/form-data: ${(e as Error).message}`);
      }
    }
    values = callValues(config, json);
    const refused = callProblem(config, values);
    if (refused) throw new InputError(refused);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return sendJson(res, 400, errorBody({ kind: "input", message: e.message }), headers);
  }
  const events = /\btext\/event-stream\b/.test(req.headers.accept ?? "");
  return events ? streamCall(res, app, config, values, headers) : answerCall(res, app, config, values, headers);
}

/** The call's outputs as one JSON answer. */
async function answerCall(res: http.ServerResponse, app: App, config: InterfaceConfig, values: Wire[], headers: Headers): Promise<void> {
  const call = apiCall(app.executor, values);
  res.once("close", () => call.cancel()); // the caller went away: its run leaves the line, or is stopped
  const result = await call.result;
  if ("error" in result) return sendJson(res, statusOf(result.error), errorBody(result.error), headers);
  sendJson(res, 200, { outputs: outputsToJson((await call.config) ?? config, result.outputs) }, headers);
}

/**
 * The call as server-sent events: `queue` (its place in line), `progress`, `output` (every output as it
 * now is, after each return or yield of fn), then `done` (the final outputs) or `error`. The response
 * starts with the first of them: a call refused at once (the line is full) is answered with its status.
 */
function streamCall(res: http.ServerResponse, app: App, config: InterfaceConfig, values: Wire[], headers: Headers): Promise<void> {
  let started = false;
  const event = (name: string, data: unknown) => {
    if (!started) {
      started = true;
      res.writeHead(200, { ...headers, "Content-Type": "text/event-stream; charset=utf-8", Connection: "keep-alive", "X-Accel-Buffering": "no" });
    }
    res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const call = apiCall(app.executor, values, {
    queued: (status) => event("queue", status),
    progress: (fraction, text) => event("progress", { fraction, text }),
    output: (outputs) => event("output", { outputs: outputsToJson(config, outputs) }),
  });
  res.once("close", () => call.cancel());
  return call.result.then((result) => {
    if ("error" in result && !started) return sendJson(res, statusOf(result.error), errorBody(result.error), headers);
    if ("error" in result) event("error", errorBody(result.error).error);
    else event("done", { outputs: outputsToJson(config, result.outputs) });
    res.end();
  });
}
