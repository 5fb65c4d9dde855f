// A server's JavaScript heaps, after a full garbage collection, through the inspector: the main
// thread's and each worker thread's. For a soak that tells a leak from garbage not yet collected
// (V8 collects lazily, so RSS alone rises for a while either way). The server must be started with
// NODE_OPTIONS=--inspect=127.0.0.1:0 (it then prints the inspector's URL).
import WebSocket from "ws";

interface Pending {
  resolve(result: unknown): void;
  reject(err: Error): void;
}

export interface ServerHeaps {
  /** Collects garbage in every thread, then gives heapUsed (MB): the main thread's and each worker's. */
  collect(): Promise<{ main_mb: number; workers_mb: number[] }>;
  close(): void;
}

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 100) / 100;
const USED = { expression: "process.memoryUsage().heapUsed", returnByValue: true };

/** Connects to the inspector whose URL is in `output` (what the server printed). */
export async function inspectServer(output: string): Promise<ServerHeaps> {
  const url = /ws:\/\/127\.0\.0\.1:\d+\/[\w-]+/.exec(output)?.[0];
  if (!url) throw new Error(`no inspector URL in the server's output:\n${output}`);
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => (ws.once("open", resolve), ws.once("error", reject)));
  let nextId = 0;
  const pending = new Map<number, Pending>();
  /** Worker threads: their inspector session ids. */
  const workers = new Set<string>();
  const settle = (msg: { id?: number; result?: unknown; error?: { message: string } }) => {
    const p = msg.id === undefined ? undefined : pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id!);
    if (msg.error) p.reject(new Error(msg.error.message));
    else p.resolve(msg.result);
  };
  ws.on("message", (data) => {
    const msg = JSON.parse(String(data));
    if (msg.method === "NodeWorker.attachedToWorker") workers.add(msg.params.sessionId);
    else if (msg.method === "NodeWorker.detachedFromWorker") workers.delete(msg.params.sessionId);
    else if (msg.method === "NodeWorker.receivedMessageFromWorker") settle(JSON.parse(msg.params.message));
    else settle(msg);
  });
  const call = <T>(method: string, params: object = {}, worker?: string) =>
    new Promise<T>((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve: resolve as (r: unknown) => void, reject });
      const message = JSON.stringify({ id, method, params });
      // A worker's commands travel inside the main session's; its answers come back the same way, with our id.
      ws.send(worker ? JSON.stringify({ id: ++nextId, method: "NodeWorker.sendMessageToWorker", params: { sessionId: worker, message } }) : message);
    });
  await call("NodeWorker.enable", { waitForDebuggerOnStart: false });
  const used = async (worker?: string) => {
    await call("HeapProfiler.collectGarbage", {}, worker);
    return mb((await call<{ result: { value: number } }>("Runtime.evaluate", USED, worker)).result.value);
  };
  return {
    collect: async () => {
      const workers_mb: number[] = [];
      for (const w of [...workers]) workers_mb.push(await used(w).catch(() => -1)); // -1: the thread went meanwhile
      return { main_mb: await used(), workers_mb };
    },
    close: () => ws.close(),
  };
}
