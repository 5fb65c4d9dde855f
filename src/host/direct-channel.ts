// A webview's direct channel to the extension host: a WebSocket to the local server, instead of
// postMessage, for everything a session exchanges. Why: postMessage carries each message through the
// editor's own processes (in code-server, over the network to the workbench in the browser and into
// the webview's frame), cloning typed arrays on the way: 1 MiB frames moved at ~15 MB/s and a webcam
// streamed into a panel at a few frames a second. The socket carries our binary frames (framing.ts)
// between the two ends and nothing else, with the same host end as a browser tab's (SocketLink).
//
// The handshake goes by postMessage: the page says its origin ("open-channel"), the host offers a
// channel that accepts that origin once ("channel", with its URL), the page connects and sends
// "ready" over it. Whenever the socket cannot open (the setting is off, a remote window whose
// forwarded port the webview cannot reach, a CSP that refuses it), the page says "ready" by
// postMessage and everything stays there.
import * as vscode from "vscode";
import { SocketLink } from "../server/socket-link";
import { localServer } from "./local-server";

const directChannelsEnabled = () => vscode.workspace.getConfiguration("liveInterface").get<boolean>("directChannel", true);

/**
 * What a webview's CSP must allow (connect-src) to open channels: the local server's WebSocket
 * origin as the webview reaches it. Undefined when channels are off or the server cannot start.
 */
export async function channelSource(log: (text: string) => void): Promise<string | undefined> {
  if (!directChannelsEnabled()) return undefined;
  try {
    const base = new URL((await localServer(log)).base);
    return `${base.protocol === "https:" ? "wss:" : "ws:"}//${base.host}`;
  } catch (err) {
    log(`direct channel: the local server did not start (${(err as Error).message}); panels use postMessage`);
    return undefined;
  }
}

/** Offers the page of `origin` a channel; `onOpen` gets its link when it connects. */
export async function offerChannel(origin: string, onOpen: (link: SocketLink) => void): Promise<{ url: string; withdraw(): void }> {
  const { server, base } = await localServer();
  const offer = server.offerChannel(origin, (ws) => onOpen(new SocketLink(ws)));
  return { url: new URL(offer.path, base).href, withdraw: offer.withdraw };
}
