// Waiting for an event in tests: the condition itself, under a generous deadline, never a fixed sleep.

/** Polls `check` (every 20 ms) until it holds; fails with `what` after `ms`. */
export async function until(what: string, check: () => boolean | Promise<boolean>, ms = 10000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out after ${ms} ms waiting until ${what}`);
}

/** One turn of the event loop: what was queued before it (I/O callbacks, immediates) has run. */
export const nextTurn = () => new Promise<void>((r) => setImmediate(r));
