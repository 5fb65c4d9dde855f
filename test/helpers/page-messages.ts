// What the host told a page over its WebSocket, as the test sees the socket (through Playwright): a
// test then waits for the message itself (a run's end, the run that took a given frame) and can
// say what did not happen before it, instead of sleeping and looking.
import type { Page } from "playwright-core";
import type { ServerMessage } from "../../src/protocol/messages";
import { decodeMessages } from "../../src/protocol/outbox";

/**
 * Reloads `page` with its socket watched (Playwright sees a socket only from its opening on) and
 * returns the list that fills, in order, with every message the host sends it from then on.
 */
export async function watchMessages(page: Page): Promise<ServerMessage[]> {
  const received: ServerMessage[] = [];
  page.on("websocket", (ws) =>
    ws.on("framereceived", ({ payload }) => {
      if (typeof payload !== "string") received.push(...decodeMessages(payload));
    }),
  );
  await page.reload();
  await page.locator("#app[data-state]").waitFor();
  return received;
}

/** The index of the first message from `from` on that matches, or -1. */
export const indexFrom = (messages: ServerMessage[], from: number, match: (m: ServerMessage) => boolean) => {
  for (let i = from; i < messages.length; i++) if (match(messages[i]!)) return i;
  return -1;
};
