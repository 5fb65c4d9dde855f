import { encodedProblem, isEncoded } from "../../protocol/media";
import type { EncodedMedia, Wire } from "../../protocol/messages";
import { readAllowedFile } from "../file-access";
import { Component, type ComponentOptions } from "./component";

export interface VideoOptions extends Omit<ComponentOptions<never>, "value"> {
  /** Input: where the video comes from (default both): a file, or a recording from the camera. */
  sources?: ("upload" | "webcam")[];
  /** Output: start playing when a new video arrives (muted, as browsers allow). */
  autoplay?: boolean;
  loop?: boolean;
}

/**
 * A video file: as an input, an upload or a recording from the camera (fn receives `{ mime, bytes }`,
 * null for none); as an output,
 * fn returns `{ mime: "video/mp4", bytes }` or a path (module folder or temp folder), played in the
 * page. At most 16 MiB. (Live camera frames are `Image` with `streaming`.)
 */
export class Video extends Component<EncodedMedia | null, EncodedMedia | string | null | undefined> {
  readonly type = "video";
  constructor(private readonly options: VideoOptions = {}) {
    super(options);
  }
  preprocess(wire: Wire): EncodedMedia | null {
    if (wire === null || wire === undefined) return null;
    const problem = encodedProblem(wire, "video");
    return problem ? this.fail(problem, wire) : (wire as unknown as EncodedMedia);
  }
  postprocess(value: EncodedMedia | string | null | undefined): Wire {
    if (value === null || value === undefined) return null;
    if (typeof value === "string") {
      const file = readAllowedFile(value);
      return file instanceof Error ? this.fail(`a video it may play: ${file.message}`, value) : ({ mime: file.mime, bytes: file.bytes } as unknown as Wire);
    }
    if (!isEncoded(value)) return this.fail("{ mime, bytes } or a path", value);
    const problem = encodedProblem(value, "video");
    return problem ? this.fail(problem, value) : (value as unknown as Wire);
  }
  defaultValue(): null {
    return null;
  }
  protected override props(): Record<string, unknown> {
    return { sources: this.options.sources ?? ["upload", "webcam"], autoplay: this.options.autoplay ?? false, loop: this.options.loop ?? false };
  }
}
