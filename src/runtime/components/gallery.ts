import type { EncodedMedia, ImageFrame, Wire } from "../../protocol/messages";
import { readAllowedFile } from "../file-access";
import type { OutputCopies } from "../transfer";
import type { GalleryProps } from "../../protocol/components";
import { Component, type ComponentOptions } from "./component";
import { Image } from "./image";

/** One picture of a gallery: raw pixels, encoded bytes, or a path (module folder or temp folder). */
export type GalleryImage = ImageFrame | EncodedMedia | string;
/** A picture, or a picture with its caption. */
export type GalleryItem = GalleryImage | readonly [GalleryImage, string];

export interface GalleryOptions extends Omit<ComponentOptions<never>, "value"> {
  /** Pictures per row (default 3). */
  columns?: number;
}

/** Pictures in a grid, each with an optional caption. fn returns an array of them. Output only. */
export class Gallery extends Component<null, readonly GalleryItem[] | null | undefined, "gallery"> {
  readonly type = "gallery";
  private readonly image = new Image();
  constructor(private readonly options: GalleryOptions = {}) {
    super(options);
  }
  preprocess(): null {
    return null;
  }
  postprocess(value: readonly GalleryItem[] | null | undefined, copies?: OutputCopies): Wire {
    if (value === null || value === undefined) return [];
    if (!Array.isArray(value)) return this.fail("an array of pictures (or [picture, caption] pairs)", value);
    return value.map((item: GalleryItem) => {
      const [picture, caption] = Array.isArray(item) ? (item as readonly [GalleryImage, string]) : [item as GalleryImage, undefined];
      return { image: this.picture(picture, copies), caption: caption === undefined ? null : String(caption) };
    }) as unknown as Wire;
  }
  defaultValue(): null {
    return null;
  }
  protected props(): GalleryProps {
    return { columns: this.options.columns ?? 3 };
  }
  private picture(p: GalleryImage, copies?: OutputCopies): Wire {
    if (typeof p !== "string") return this.image.postprocess(p, copies);
    const file = readAllowedFile(p);
    if (file instanceof Error) return this.fail(`a picture it may show: ${file.message}`, p);
    return { mime: file.mime, bytes: file.bytes };
  }
}
