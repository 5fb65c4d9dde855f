// Many Node callers of one served interface, for the load bench: the project's own Client
// (src/client), one socket (one session) each, all in this process.
import { Client, RemoteError } from "../src/client";
import type { Wire } from "../src/protocol/messages";

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** Epoch ms with sub-ms precision: the clock bench/fixtures/busy.ts reports fn's start and end on. */
export const now = () => performance.timeOrigin + performance.now();

/** Connects `n` clients, `atOnce` handshakes at a time. */
export async function connectAll(url: string, n: number, atOnce = 50): Promise<Client[]> {
  const clients: Client[] = [];
  for (let i = 0; i < n; i += atOnce) clients.push(...(await Promise.all(Array.from({ length: Math.min(atOnce, n - i) }, () => Client.connect(url)))));
  return clients;
}

/** The server's refusal when its line is full (runtime/run-queue.ts): a reason, kind "queue". */
export const isQueueFull = (err: unknown) => err instanceof RemoteError && err.error.kind === "queue" && /queue is full/.test(err.error.message);

export const messageOf = (err: unknown) => (err instanceof RemoteError ? `${err.error.kind}: ${err.message}` : err instanceof Error ? err.message : String(err));

/**
 * Runs fn once like client.predict, and says when the call was first told it waits in line (its
 * job's status "queued"), with the eta it was told.
 */
export async function callTold(client: Client, ...inputs: Wire[]): Promise<{ outputs: Wire | Wire[]; told?: { at: number; eta?: number } }> {
  const job = client.submit(...inputs);
  let told: { at: number; eta?: number } | undefined;
  const stop = job.onStatus((s) => s.stage === "queued" && !told && (told = { at: now(), eta: s.eta }));
  let outputs: Wire | Wire[] = null;
  try {
    for await (const o of job) outputs = o;
  } finally {
    stop();
  }
  return { outputs, told };
}

/** Counts errors by message (numbers in it written N, so that alike errors count together). */
export class ErrorTally {
  readonly byMessage: Record<string, number> = {};
  total = 0;
  add(err: unknown): void {
    const msg = messageOf(err).slice(0, 200).replace(/\d+(\.\d+)?/g, "N");
    this.byMessage[msg] = (this.byMessage[msg] ?? 0) + 1;
    this.total++;
  }
}
