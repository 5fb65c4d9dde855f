import type { IncomingMessage } from "node:http";
import WebSocket from "ws";
import { encodeFrame } from "../protocol/framing";
import { decodeMessages } from "../protocol/outbox";
import type { ClientMessage, InterfaceConfig, ServerMessage, UserError, Wire } from "../protocol/messages";

/** An error fn threw (or a timeout) on the server, with where it happened in the module. */
export class RemoteError extends Error {
  override name = "RemoteError";
  constructor(readonly error: UserError) {
    super(error.location ? `${error.message} (at ${error.location})` : error.message);
  }
}

/** `http://host:port/?token=…` or `…/app/<name>/?token=…` (what the server prints, under its root path) -> its WebSocket URL. */
export function socketUrl(url: string): string {
  const u = new URL(url);
  if (u.protocol === "ws:" || u.protocol === "wss:") return url;
  // Relative to the page's address: the server may sit under a reverse proxy's path (--root-path).
  const app = /^(.*\/)app\/([^/]+)\/?$/.exec(u.pathname);
  u.protocol = u.protocol === "https:" ? "wss:" : "ws:";
  u.pathname = app ? `${app[1]}ws/${app[2]}` : `${u.pathname.replace(/[^/]*$/, "")}ws`;
  // A program, not a page: the server runs only what it calls (no live run of the initial values).
  u.searchParams.set("api", "1");
  return u.toString();
}

type Outputs = Wire | Wire[];

/**
 * Where a call is: waiting in the server's line (`position` of `queueSize`, `eta` seconds, estimated
 * from recent runs), running, or done (or failed: `error`).
 */
export interface JobStatus {
  stage: "queued" | "running" | "done" | "error";
  position?: number;
  queueSize?: number;
  eta?: number;
  /** Running: what fn last said with progress(fraction, text) (fraction null: no fraction known). */
  progress?: { fraction: number | null; text?: string };
  error?: UserError;
}

/** A call in progress: iterate it for fn's outputs (each update of a generator fn); `status` says where it is. */
export interface Job extends AsyncIterableIterator<Outputs> {
  /** The latest status: "queued" with its place while it waits for other callers' runs, then "running", "done" or "error". */
  readonly status: JobStatus;
  /** Calls `listener` with each new status (from now on); gives a function that stops it. */
  onStatus(listener: (status: JobStatus) => void): () => void;
}

/**
 * Why the server refused the socket. A 404 from a gallery (a server of several interfaces, whose "/"
 * names none) lists its interfaces: the error gives their URLs, token included.
 */
async function refusal(url: string, res: IncomingMessage): Promise<Error> {
  let body = "";
  for await (const chunk of res) if ((body += String(chunk)).length > 65536) break;
  let apps: unknown;
  try {
    apps = res.statusCode === 404 ? (JSON.parse(body) as { apps?: unknown }).apps : undefined;
  } catch {}
  if (!Array.isArray(apps) || apps.length === 0) return new Error(`connection refused: HTTP ${res.statusCode}`);
  const appUrl = (name: string) => {
    const u = new URL(url);
    u.protocol = u.protocol === "wss:" || u.protocol === "https:" ? "https:" : "http:";
    u.pathname = `${u.pathname.replace(/[^/]*$/, "")}app/${encodeURIComponent(name)}/`;
    return u.toString();
  };
  return new Error(`no interface at ${url}: it is a gallery of ${apps.length} interfaces, connect to one of them:\n${apps.map((a) => appUrl(String(a))).join("\n")}`);
}

/**
 * Calls a served interface from Node:
 *   const client = await Client.connect(url);
 *   const product = await client.predict(2, 3);
 *   for await (const partial of client.submit("prompt")) console.log(partial);
 */
export class Client {
  private nextCall = 0;
  private readonly listeners = new Map<string, (msg: ServerMessage) => void>();

  private constructor(private readonly ws: WebSocket, readonly config: InterfaceConfig) {
    ws.on("message", (data: Buffer) => {
      for (const msg of decodeMessages(data)) if ("run" in msg) this.listeners.get(msg.run)?.(msg);
    });
  }

  static connect(url: string): Promise<Client> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(socketUrl(url));
      ws.binaryType = "nodebuffer";
      ws.once("unexpected-response", (_req, res) => void refusal(url, res).then(reject));
      ws.once("error", reject);
      ws.once("message", (data: Buffer) => {
        const msg = decodeMessages(data)[0]!;
        if (msg.type === "config") resolve(new Client(ws, msg.config));
        else {
          ws.close();
          reject(msg.type === "load-error" ? new RemoteError(msg.error) : new Error(`unexpected first message ${msg.type}`));
        }
      });
    });
  }

  /** Runs fn once; resolves with its outputs (one value, or an array for several outputs). */
  async predict(...inputs: Wire[]): Promise<Outputs> {
    let last: Outputs = this.config.outputs.length === 1 ? null : [];
    for await (const outputs of this.submit(...inputs)) last = outputs;
    return last;
  }

  /**
   * Runs fn once; yields the outputs after each update (each yield of a generator fn). The job's
   * `status` and `onStatus` tell its place in the server's line while it waits.
   */
  submit(...inputs: Wire[]): Job {
    const id = `c${++this.nextCall}`;
    let status: JobStatus = { stage: "running" };
    const statusListeners = new Set<(status: JobStatus) => void>();
    const setStatus = (next: JobStatus) => {
      status = next;
      for (const l of statusListeners) l(next);
    };
    const current: Wire[] = this.config.outputs.map(() => null);
    const queue: (IteratorResult<Outputs> | Error)[] = [];
    let wake: (() => void) | undefined;
    let finished = false;
    const push = (item: IteratorResult<Outputs> | Error) => {
      queue.push(item);
      wake?.();
    };
    const shape = (): Outputs => (this.config.outputs.length === 1 ? current[0] : [...current]);
    this.listeners.set(id, (msg) => {
      if (msg.type === "queue") return setStatus({ stage: "queued", position: msg.position, queueSize: msg.size, eta: msg.eta });
      if (msg.type === "progress") return setStatus({ stage: "running", progress: { fraction: msg.fraction, text: msg.text } });
      if (status.stage === "queued" && msg.type !== "run-end") setStatus({ stage: "running" }); // run-start, or its first output
      if (msg.type === "output") {
        msg.values.forEach((v, i) => {
          if (v === undefined) return;
          current[i] = msg.append?.[i] ? String(current[i] ?? "") + String(v) : v;
        });
        push({ value: shape(), done: false });
      } else if (msg.type === "run-end") {
        this.listeners.delete(id);
        setStatus(msg.error ? { stage: "error", error: msg.error } : { stage: "done" });
        push(msg.error ? new RemoteError(msg.error) : { value: undefined, done: true });
      }
    });
    const onClose = () => push(new Error("the connection closed"));
    this.ws.once("close", onClose);
    this.send({ type: "call", id, values: inputs });
    const iterator: Job = {
      get status() {
        return status;
      },
      onStatus: (listener) => {
        statusListeners.add(listener);
        return () => statusListeners.delete(listener);
      },
      [Symbol.asyncIterator]: () => iterator,
      next: async () => {
        if (finished) return { value: undefined, done: true };
        while (queue.length === 0) await new Promise<void>((r) => (wake = r));
        const item = queue.shift()!;
        if (item instanceof Error || item.done) {
          finished = true;
          this.ws.off("close", onClose);
        }
        if (item instanceof Error) throw item;
        return item;
      },
      return: async () => {
        if (!finished) this.send({ type: "cancel", id });
        finished = true;
        this.listeners.delete(id);
        this.ws.off("close", onClose);
        return { value: undefined, done: true };
      },
    };
    return iterator;
  }

  close(): void {
    this.ws.close();
  }

  private send(msg: ClientMessage): void {
    this.ws.send(encodeFrame(msg));
  }
}
