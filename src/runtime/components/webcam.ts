import type { CameraRequest } from "../../protocol/devices";
import { Image, type ImageOptions, type ImageType } from "./image";

export interface WebcamOptions<T extends ImageType = "frame"> extends Omit<ImageOptions<T>, "sources" | "camera">, CameraRequest {}

/**
 * An Image input that records from the camera: `new li.Webcam({ width: 320, height: 240, fps: 15,
 * facingMode: "user", mirror: true, streaming: true })`. The same as `new li.Image({ sources:
 * ["webcam"], camera: { width, height, fps, facingMode }, mirror })`; fn receives ImageFrames.
 */
export class Webcam<T extends ImageType = "frame"> extends Image<T> {
  constructor(options: WebcamOptions<T> = {}) {
    const { width, height, fps, facingMode, ...image } = options;
    const camera = Object.fromEntries(Object.entries({ width, height, fps, facingMode }).filter(([, v]) => v !== undefined)) as CameraRequest;
    super({ ...image, sources: ["webcam"], camera } as ImageOptions<T>);
  }
}
