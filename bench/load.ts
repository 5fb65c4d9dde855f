// The load part of `npm run bench`: many Node clients (the project's Client, one session each) calling
// one `live-interface serve` process, whose runs wait in one line for the interface's
// concurrencyLimit (runtime/run-queue.ts, worker-pool.ts). Three cases:
//  - slow: 20 callers of a fn that takes 300 ms of CPU (bench/fixtures/busy.ts), concurrencyLimit 1
//    and 2: calls/s, time in line (fn's own start - the call), latency, the server's RSS before, at
//    its peak and after, each thread holding its own copy of the module's 50 MB;
//  - quick: 100 and 1000 callers of x => x * 2 (bench/fixtures/double.ts) back to back: calls/s, p95,
//    errors, the server's CPU per 1000 calls. LOAD_BASELINE_CLI=<another build's dist/cli.js> measures
//    that build alike, alternating (e.g. the code before the queue, in a git worktree);
//  - soak: callers joining and leaving, with a line that refuses beyond its size (load-soak.ts;
//    LOAD_SOAK_SECONDS, default 300).
// LOAD_ROUNDS: rounds of each comparison (default 3).
// Each comparison is the median of rounds whose order alternates; every run has a fresh server and
// starts once the machine has had a quiet second (bench/quiet.ts), its callers connected.
import * as path from "node:path";
import { serveCli } from "../test/helpers/serve";
import { roundsFor } from "./fixtures/_spin";
import { median, percentile, round2 } from "./latency";
import { callTold, connectAll, ErrorTally, now, sleep } from "./load-callers";
import { benchLoadSoak, type LoadSoakBench } from "./load-soak";
import { cpuMs, peakRssMb, rssMb, sampleRss, threads } from "./proc";
import { untilQuiet } from "./quiet";

const BUSY = path.join(__dirname, "fixtures/busy.ts");
const DOUBLE = path.join(__dirname, "fixtures/double.ts");
/** fn's CPU time in the slow case, and the megabytes its module holds (per thread). */
const RUN_MS = 300;
const BALLAST_MB = 50;

const p = (xs: number[]) => ({ p50: round2(percentile(xs, 50)), p95: round2(percentile(xs, 95)) });

interface SlowRun {
  calls: number;
  calls_s: number;
  wait_ms: { p50: number; p95: number };
  latency_ms: { p50: number; p95: number };
  /** fn's wall time per run (its CPU is RUN_MS on an idle core: more means it waited for a core). */
  run_ms: { p50: number; p95: number };
  /** Told eta - the wait that followed (s), for each call's first "queue" message. */
  eta_error_s: { p50: number; p95_abs: number; told: number };
  /** Server RSS: connected (one thread loaded), VmHWM, the highest VmRSS sampled under load, 2 s after. */
  rss_mb: { idle: number; peak: number; peak_sampled: number; after: number };
  threads: { idle: number; under_load: number };
  /** How long the run waited for a quiet second on the machine before it started (bench/quiet.ts; 30 s at most). */
  waited_for_quiet_ms: number;
}

/**
 * `callers` clients each call fn (`work` rounds of _spin.ts) `callsEach` times back to back, on a fresh
 * server with concurrencyLimit `limit`, once the machine has had a quiet second (waiting `quietMs` at most).
 */
async function slowRun(limit: number, callers: number, callsEach: number, work: number, quietMs: number): Promise<SlowRun> {
  const server = await serveCli([BUSY], { env: { LOAD_LIMIT: String(limit), LOAD_BALLAST_MB: String(BALLAST_MB) } });
  const pid = server.process.pid!;
  try {
    const clients = await connectAll(server.url, callers);
    await sleep(500);
    const idle = { rss: rssMb(pid), threads: threads(pid) };
    // As many runs at once as the limit allows, so every thread it calls for has loaded before the clock starts.
    await Promise.all(clients.slice(0, limit).map((c) => c.predict(work)));
    const quietWait = await untilQuiet(0.25, quietMs);
    const sampler = sampleRss(pid);
    let underLoad = threads(pid);
    const calls: { sent: number; started: number; ended: number; received: number; told?: { at: number; eta?: number } }[] = [];
    await Promise.all(
      clients.map(async (client) => {
        for (let i = 0; i < callsEach; i++) {
          const sent = now();
          const { outputs, told } = await callTold(client, work);
          const [started, ended] = outputs as number[];
          calls.push({ sent, started: started!, ended: ended!, received: now(), told });
          underLoad = Math.max(underLoad, threads(pid));
        }
      }),
    );
    const peakSampled = sampler.stop();
    for (const c of clients) c.close();
    await sleep(2000);
    const span = Math.max(...calls.map((c) => c.received)) - Math.min(...calls.map((c) => c.sent));
    const told = calls.filter((c) => c.told?.eta !== undefined);
    const etaErrors = told.map((c) => c.told!.eta! - (c.started - c.told!.at) / 1000);
    return {
      calls: calls.length,
      calls_s: round2((calls.length / span) * 1000),
      wait_ms: p(calls.map((c) => c.started - c.sent)),
      latency_ms: p(calls.map((c) => c.received - c.sent)),
      run_ms: p(calls.map((c) => c.ended - c.started)),
      eta_error_s: { p50: told.length ? round2(median(etaErrors)) : 0, p95_abs: told.length ? round2(percentile(etaErrors.map(Math.abs), 95)) : 0, told: told.length },
      rss_mb: { idle: round2(idle.rss), peak: round2(peakRssMb(pid)), peak_sampled: round2(peakSampled), after: round2(rssMb(pid)) },
      threads: { idle: idle.threads, under_load: underLoad },
      waited_for_quiet_ms: quietWait,
    };
  } finally {
    await server.close();
  }
}

export interface SlowBench {
  method: string;
  /** RSS of the same server idle with the module holding nothing: the base, its one thread loaded (MB). */
  no_ballast_idle_rss_mb: number;
  by_limit: Record<"1" | "2", SlowRun & { rounds_calls_s: number[] }>;
  /** Median calls/s at limit 2 over limit 1 (the goal on 2 cores: ≥ 1.8). */
  throughput_ratio: number;
  /** Peak RSS at limit 2 - at limit 1 (medians): one more thread with its module (BALLAST_MB of it). */
  extra_worker_mb: number;
}

/** Picks, of several runs, the one whose calls/s is the median (its other figures with it). */
const medianRun = <T extends { calls_s: number }>(runs: T[]): T => [...runs].sort((a, b) => a.calls_s - b.calls_s)[Math.floor((runs.length - 1) / 2)]!;

/** RSS of a busy.ts server whose module holds no ballast, once a client is connected (its first thread loaded). */
async function noBallastRss(): Promise<number> {
  const server = await serveCli([BUSY], { env: { LOAD_BALLAST_MB: "0" } });
  try {
    const [client] = await connectAll(server.url, 1);
    await sleep(500);
    const rss = rssMb(server.process.pid!);
    client!.close();
    return round2(rss);
  } finally {
    await server.close();
  }
}

async function benchSlow(rounds: number, callsEach: number, quietMs: number): Promise<SlowBench> {
  const spinRounds = roundsFor(RUN_MS);
  const base = await noBallastRss();
  const runs: Record<"1" | "2", SlowRun[]> = { "1": [], "2": [] };
  for (let r = 0; r < rounds; r++) for (const limit of r % 2 === 0 ? ([1, 2] as const) : ([2, 1] as const)) runs[limit].push(await slowRun(limit, 20, callsEach, spinRounds, quietMs));
  const summary = (xs: SlowRun[]) => ({ ...medianRun(xs), rounds_calls_s: xs.map((x) => x.calls_s) });
  const peak = (xs: SlowRun[]) => median(xs.map((x) => x.rss_mb.peak));
  return {
    method: `20 Node clients each calling fn ${callsEach} times back to back (after one call per run the limit allows, unmeasured, so that every thread has loaded); fn does ${RUN_MS} ms of CPU on an idle core (${spinRounds} rounds of xorshift, timed here) and its module holds ${BALLAST_MB} MB; a fresh server per run; ${rounds} round(s), limits 1 and 2 alternating which goes first; each limit's figures are its median run by calls/s. wait: fn's start - the call (one clock); eta error: the first eta a call was told - the wait that followed (s); RSS base: the same server with a module holding nothing`,
    no_ballast_idle_rss_mb: base,
    by_limit: { "1": summary(runs["1"]), "2": summary(runs["2"]) },
    throughput_ratio: round2(median(runs["2"].map((x) => x.calls_s)) / median(runs["1"].map((x) => x.calls_s))),
    extra_worker_mb: round2(peak(runs["2"]) - peak(runs["1"])),
  };
}

interface QuickRun {
  calls_s: number;
  latency_ms: { p50: number; p95: number };
  errors: number;
  error_messages: Record<string, number>;
  server_cpu_ms_per_1000_calls: number;
  waited_for_quiet_ms: number;
}

/** `callers` clients call x => x * 2 back to back for 1 s + `seconds`; counts the last `seconds`. `cli`: another build's. */
async function quickRun(callers: number, seconds: number, quietMs: number, cli?: string): Promise<QuickRun> {
  const server = await serveCli([DOUBLE], { cli });
  const pid = server.process.pid!;
  try {
    const clients = await connectAll(server.url, callers);
    const quietWait = await untilQuiet(0.25, quietMs);
    const errors = new ErrorTally();
    const latencies: number[] = [];
    let measuring = false;
    let stop = false;
    const loops = clients.map(async (client, k) => {
      // The fixture's slider clamps x to 0-100000.
      for (let x = (k * 97) % 100000; !stop; x = (x + 1) % 100000) {
        const t0 = performance.now();
        try {
          const y = await client.predict(x);
          if (y !== x * 2) throw new Error(`wrong answer: ${JSON.stringify(y)} for ${x}`);
          if (measuring) latencies.push(performance.now() - t0);
        } catch (err) {
          errors.add(err);
          await sleep(10);
        }
      }
    });
    await sleep(1000); // every caller going, the JIT warm
    const cpu0 = cpuMs(pid);
    const t0 = performance.now();
    measuring = true;
    await sleep(seconds * 1000);
    measuring = false;
    const elapsed = performance.now() - t0;
    const cpu = cpuMs(pid) - cpu0;
    const calls = latencies.length;
    stop = true;
    await Promise.all(loops);
    for (const c of clients) c.close();
    return {
      calls_s: Math.round((calls / elapsed) * 1000),
      latency_ms: p(latencies),
      errors: errors.total,
      error_messages: errors.byMessage,
      server_cpu_ms_per_1000_calls: round2((cpu / calls) * 1000),
      waited_for_quiet_ms: quietWait,
    };
  } finally {
    await server.close();
  }
}

type QuickSide = Omit<QuickRun, "waited_for_quiet_ms"> & { rounds_calls_s: number[]; rounds_p95_ms: number[]; rounds_cpu_ms_per_1000_calls: number[]; waited_for_quiet_ms: number[] };

export interface QuickBench {
  method: string;
  by_callers: Record<string, { ours: QuickSide; baseline?: QuickSide; ours_over_baseline?: { calls_s: number; p95: number; cpu_per_call: number; calls_s_by_round: number[] } }>;
}

async function benchQuick(callerCounts: number[], seconds: number, rounds: number, quietMs: number, baselineCli?: string): Promise<QuickBench> {
  const by_callers: QuickBench["by_callers"] = {};
  for (const callers of callerCounts) {
    const runs: Record<"ours" | "baseline", QuickRun[]> = { ours: [], baseline: [] };
    for (let r = 0; r < rounds; r++) {
      const order = !baselineCli ? (["ours"] as const) : r % 2 === 0 ? (["ours", "baseline"] as const) : (["baseline", "ours"] as const);
      for (const side of order) runs[side].push(await quickRun(callers, seconds, quietMs, side === "baseline" ? baselineCli : undefined));
    }
    const side = (xs: QuickRun[]): QuickSide => {
      const tally: Record<string, number> = {};
      for (const x of xs) for (const [m, n] of Object.entries(x.error_messages)) tally[m] = (tally[m] ?? 0) + n;
      return {
        calls_s: Math.round(median(xs.map((x) => x.calls_s))),
        latency_ms: { p50: median(xs.map((x) => x.latency_ms.p50)), p95: median(xs.map((x) => x.latency_ms.p95)) },
        errors: xs.reduce((a, x) => a + x.errors, 0),
        error_messages: tally,
        server_cpu_ms_per_1000_calls: median(xs.map((x) => x.server_cpu_ms_per_1000_calls)),
        rounds_calls_s: xs.map((x) => x.calls_s),
        rounds_p95_ms: xs.map((x) => x.latency_ms.p95),
        rounds_cpu_ms_per_1000_calls: xs.map((x) => x.server_cpu_ms_per_1000_calls),
        waited_for_quiet_ms: xs.map((x) => x.waited_for_quiet_ms),
      };
    };
    const ours = side(runs.ours);
    const baseline = baselineCli ? side(runs.baseline) : undefined;
    by_callers[callers] = {
      ours,
      ...(baseline && {
        baseline,
        ours_over_baseline: {
          calls_s: round2(ours.calls_s / baseline.calls_s),
          p95: round2(ours.latency_ms.p95 / baseline.latency_ms.p95),
          cpu_per_call: round2(ours.server_cpu_ms_per_1000_calls / baseline.server_cpu_ms_per_1000_calls),
          calls_s_by_round: runs.ours.map((x, r) => round2(x.calls_s / runs.baseline[r]!.calls_s)),
        },
      }),
    };
  }
  return {
    method: `N Node clients each calling x => x * 2 back to back (the next call when the last answered) for 1 s, then counted over ${seconds} s: calls answered per second, latency percentiles of those, errors over the whole run, the server process's CPU (all its threads, /proc/<pid>/stat utime+stime) per 1000 calls; a fresh server per run; median of ${rounds} round(s)${baselineCli ? `, ours and the baseline (${baselineCli}) alternating which goes first` : ""}. The clients run in the bench's own process, on the same cores`,
    by_callers,
  };
}

export interface LoadBench {
  slow_fn: SlowBench;
  quick_fn: QuickBench;
  soak: LoadSoakBench;
}

export async function benchLoad(quick: boolean): Promise<LoadBench> {
  const baseline = process.env.LOAD_BASELINE_CLI;
  const rounds = quick ? 1 : Number(process.env.LOAD_ROUNDS ?? 3);
  // Up to 30 s for a quiet second before each run; none with --quick, whose figures are not compared.
  const quietMs = quick ? 0 : 30000;
  return {
    slow_fn: await benchSlow(rounds, quick ? 1 : 3, quietMs),
    quick_fn: await benchQuick([100, 1000], quick ? 2 : 5, rounds, quietMs, baseline),
    soak: await benchLoadSoak(quick ? 8 : Number(process.env.LOAD_SOAK_SECONDS ?? 300), roundsFor(1)),
  };
}
