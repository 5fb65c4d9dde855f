// Milestones of a page's first moments, as performance marks (once each): when the script ran, when
// it asked for its channel and settled on a way, when the first config and the first output came.
// The benchmark reads them (performance.getEntriesByType("mark")) to split a first open into hops.
const marked = new Set<string>();

export function milestone(name: "script" | "channel-asked" | "settled" | "config" | "output"): void {
  if (marked.has(name)) return;
  marked.add(name);
  performance.mark(`li:${name}`);
}
