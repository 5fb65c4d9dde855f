// The "clip" capture source (DESIGN.md §5): a local video or audio file played in a loop as a live
// stream. It needs no permission, so it works where the camera and microphone are refused (desktop
// VS Code webviews) and in demos.

declare global {
  interface HTMLMediaElement {
    captureStream(): MediaStream;
  }
}

export interface Clip {
  readonly name: string;
  readonly stream: MediaStream;
  stop(): void;
}

/** Starts playing `file` (looped) and gives its live stream. */
export async function playClip(file: File, kind: "video" | "audio"): Promise<Clip> {
  const element = document.createElement(kind);
  const url = URL.createObjectURL(file);
  element.src = url;
  element.loop = true;
  // Not heard: the stream is what fn gets. (Volume 0 rather than muted: Chromium captures a muted element's sound as silence.)
  element.volume = 0;
  try {
    await element.play();
  } catch (err) {
    URL.revokeObjectURL(url);
    throw new Error(`cannot play ${file.name}: ${(err as Error).message}`);
  }
  return {
    name: file.name,
    stream: element.captureStream(),
    stop: () => {
      element.pause();
      element.removeAttribute("src");
      element.load();
      URL.revokeObjectURL(url);
    },
  };
}
