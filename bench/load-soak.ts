// The load part's soak: 50 Node clients joining and leaving one server for minutes. Each connects,
// makes a few calls of a 10-100 ms CPU fn (bench/fixtures/busy.ts, concurrencyLimit 2) 0-2 s apart,
// and leaves; a quarter leave mid-call (the socket closed while the call waits in line or runs);
// then each comes back. The line holds 10 at most, so some calls are refused. Every call a client
// waits for must be answered, or refused with the line's reason: anything else is an error, listed.
// The server's RSS and its threads' JavaScript heaps are sampled throughout, each after a full
// garbage collection in every thread (server-heap.ts; without it RSS rises for minutes with garbage
// V8 has not collected yet): they should stay flat.
import * as path from "node:path";
import { Client } from "../src/client";
import { serveCli } from "../test/helpers/serve";
import { percentile, round2 } from "./latency";
import { ErrorTally, isQueueFull, now, sleep } from "./load-callers";
import { rssMb, threads } from "./proc";
import { inspectServer, type ServerHeaps } from "./server-heap";

const CALLERS = 50;
const LIMIT = 2;
const MAX_QUEUE = 10;
/** A call that gets no answer in this long counts as unanswered. */
const ANSWER_MS = 60000;

export interface LoadSoakBench {
  method: string;
  seconds: number;
  calls: {
    /** Calls whose answer was waited for: each is ok, refused (the line full) or an error. */
    waited_for: number;
    ok: number;
    refused_queue_full: number;
    /** Anything else: must be 0. */
    other_errors: number;
    /** Calls left mid-way by closing the client (not waited for). */
    abandoned: number;
  };
  error_messages: Record<string, number>;
  sessions: number;
  ok_latency_ms: { p50: number; p95: number };
  /** Server RSS after a GC in every thread: the first sample (10 s in, 2 s with --quick), the last, the highest, and 2 s after the clients left. */
  rss_mb: { start: number; end: number; max: number; after: number; samples: number[] };
  /** JavaScript heap in use after a GC (MB): the main thread's, and the worker threads' together; first and last sample. */
  heap_mb: { main: { start: number; end: number }; workers: { start: number; end: number } };
  threads: { start: number; end: number };
  /** A call by a fresh client once all have left: its time in line (the line must be empty) and whether it was answered. */
  final_call: { ok: boolean; wait_ms: number };
}

const rand = (n: number) => Math.floor(Math.random() * n);

/** A promise that fails after `ms` (the timer does not keep the process alive). */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms / 1000} s`)), ms)).unref());
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** `roundsPerMs`: rounds of fn's work that take a millisecond of one idle core here. */
export async function benchLoadSoak(seconds: number, roundsPerMs: number): Promise<LoadSoakBench> {
  const server = await serveCli([path.join(__dirname, "fixtures/busy.ts")], {
    env: { LOAD_LIMIT: String(LIMIT), LOAD_MAX_QUEUE: String(MAX_QUEUE), LOAD_BALLAST_MB: "0", NODE_OPTIONS: "--inspect=127.0.0.1:0" },
  });
  let inspector: ServerHeaps | undefined;
  const pid = server.process.pid!;
  const url = server.url;
  const errors = new ErrorTally();
  const counts = { waited_for: 0, ok: 0, refused_queue_full: 0, abandoned: 0 };
  const okLatencies: number[] = [];
  let sessions = 0;
  const deadline = Date.now() + seconds * 1000;
  const work = () => (10 + rand(91)) * roundsPerMs;

  /** One caller: sessions of 1-5 calls until the deadline. */
  async function caller(): Promise<void> {
    await sleep(rand(1000)); // not all at once
    while (Date.now() < deadline) {
      let client: Client;
      try {
        client = await within(Client.connect(url), ANSWER_MS);
      } catch (err) {
        errors.add(err);
        await sleep(500);
        continue;
      }
      sessions++;
      const calls = 1 + rand(5);
      for (let i = 0; i < calls && Date.now() < deadline; i++) {
        if (i === calls - 1 && Math.random() < 0.25) {
          // Leaves mid-call: the call is in line or running when the socket closes.
          client.predict(work()).catch(() => undefined);
          await sleep(rand(300));
          counts.abandoned++;
          break;
        }
        counts.waited_for++;
        const t0 = now();
        try {
          await within(client.predict(work()), ANSWER_MS);
          counts.ok++;
          okLatencies.push(now() - t0);
        } catch (err) {
          if (isQueueFull(err)) counts.refused_queue_full++;
          else errors.add(err);
          await sleep(500); // a refused caller waits a moment before the next call
        }
        await sleep(rand(2000));
      }
      client.close();
      await sleep(rand(1000));
    }
  }

  try {
    const heaps = (inspector = await inspectServer(server.output()));
    const samples: { rss: number; threads: number; main: number; workers: number }[] = [];
    const step = Math.min(10, seconds / 10) * 1000;
    const sample = async () => {
      const { main_mb, workers_mb } = await heaps.collect();
      samples.push({ rss: rssMb(pid), threads: threads(pid), main: main_mb, workers: workers_mb.reduce((a, b) => a + b, 0) });
    };
    const sampling = (async () => {
      for (let next = Date.now() + step; next < deadline; next += step) {
        await sleep(next - Date.now());
        await sample();
      }
    })();
    await Promise.all([sampling, ...Array.from({ length: CALLERS }, caller)]);
    await sleep(2000);
    await heaps.collect();
    const after = rssMb(pid);
    const final = await Client.connect(url);
    const sent = now();
    let finalCall = { ok: false, wait_ms: -1 };
    try {
      const [started] = (await within(final.predict(roundsPerMs), ANSWER_MS)) as number[];
      finalCall = { ok: true, wait_ms: round2(started! - sent) };
    } catch (err) {
      errors.add(err);
    }
    final.close();
    const rss = samples.map((s) => round2(s.rss));
    return {
      method: `${CALLERS} Node clients for ${seconds} s, each: connect, 1-5 calls of a 10-100 ms CPU fn (concurrencyLimit ${LIMIT}, maxQueueSize ${MAX_QUEUE}) 0-2 s apart (0.5 s more after a refusal), a quarter of sessions leaving mid-call (closed 0-300 ms after the call), 0-1 s away, again; a call unanswered for ${ANSWER_MS / 1000} s is an error; server RSS and heaps sampled every ${step / 1000} s, each after a GC in every thread (inspector)`,
      seconds,
      calls: { waited_for: counts.waited_for, ok: counts.ok, refused_queue_full: counts.refused_queue_full, other_errors: errors.total, abandoned: counts.abandoned },
      error_messages: errors.byMessage,
      sessions,
      ok_latency_ms: { p50: round2(percentile(okLatencies, 50)), p95: round2(percentile(okLatencies, 95)) },
      rss_mb: { start: rss[0]!, end: rss.at(-1)!, max: Math.max(...rss), after: round2(after), samples: rss },
      heap_mb: {
        main: { start: round2(samples[0]!.main), end: round2(samples.at(-1)!.main) },
        workers: { start: round2(samples[0]!.workers), end: round2(samples.at(-1)!.workers) },
      },
      threads: { start: samples[0]!.threads, end: samples.at(-1)!.threads },
      final_call: finalCall,
    };
  } finally {
    inspector?.close();
    await server.close();
  }
}
