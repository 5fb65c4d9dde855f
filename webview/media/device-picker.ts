// Which camera or microphone an input records from: the page's devices by name, the one in use
// selected. Browsers name devices only once the user has allowed one, so the list appears after the
// first recording starts (at once where the page was allowed before) and follows devices plugged in
// or out (devicechange). The choice is remembered (memory.ts) for the next recording and the next
// visit; what happens when the user chooses while recording is the owner's (source-picker.ts).
import { h } from "../dom";
import type { Memory } from "../memory";
import { listDevices, type DeviceKind } from "./devices";
import "./device-picker.css";

/** A device as remembered: its id (per site, stable), and its name for when the id changed. */
export interface DeviceChoice {
  id: string;
  label: string;
}

const KEY = "device";

export class DevicePicker {
  readonly element: HTMLElement;
  private readonly select: HTMLSelectElement;
  private readonly status = h("span", { class: "li-device-status", role: "status" });
  private devices: MediaDeviceInfo[] = [];
  /** The device recording now, if one is. */
  private inUse: DeviceChoice | undefined;
  /** False where the page records from elsewhere (ffmpeg, the capture page, files only): the list stays hidden. */
  private usable = true;
  private readonly onDeviceChange = () => void this.refresh();
  /** The user chose a device (it is remembered already). */
  onChoose: (choice: DeviceChoice) => void = () => {};

  constructor(private readonly kind: DeviceKind, inputLabel: string, private readonly memory: Memory | undefined) {
    const name = kind === "videoinput" ? "Camera" : "Microphone";
    this.select = h("select", { class: "li-device-select", "aria-label": `${name} for ${inputLabel}` });
    this.select.addEventListener("change", () => {
      const device = this.devices.find((d) => d.deviceId === this.select.value);
      if (!device) return;
      const choice = { id: device.deviceId, label: device.label };
      this.memory?.set(KEY, JSON.stringify(choice));
      this.onChoose(choice);
    });
    const field = h("label", { class: "li-device" }, `${name}: `, this.select);
    this.element = h("span", { class: "li-device-picker", hidden: true, "data-active": "" }, field, this.status);
    navigator.mediaDevices?.addEventListener?.("devicechange", this.onDeviceChange);
    void this.refresh();
  }

  /** The device to open: the one chosen (now or on an earlier visit), matched by id or else by name; undefined: the browser's default. */
  preferred(): DeviceChoice | undefined {
    const chosen = this.remembered();
    if (!chosen) return undefined;
    const device = this.devices.find((d) => d.deviceId === chosen.id) ?? this.devices.find((d) => d.label === chosen.label);
    return device ? { id: device.deviceId, label: device.label } : chosen;
  }

  /** The device in use (undefined: none is), selected in the list; lists the devices again (a first grant names them all). */
  async showInUse(device: DeviceChoice | undefined): Promise<void> {
    this.inUse = device;
    this.element.dataset.active = device?.label ?? "";
    await this.refresh();
  }

  get current(): DeviceChoice | undefined {
    return this.inUse;
  }

  /** A note about the device (it was not there, switching failed); "" clears it. */
  say(text: string): void {
    this.status.textContent = text;
  }

  /** Hidden where the page does not record from its own devices. */
  setUsable(usable: boolean): void {
    this.usable = usable;
    this.element.hidden = !usable || this.devices.length === 0;
  }

  async refresh(): Promise<void> {
    this.devices = await listDevices(this.kind);
    const selected = this.inUse?.id ?? this.preferred()?.id;
    this.select.replaceChildren(...this.devices.map((d) => h("option", { value: d.deviceId }, d.label)));
    if (selected && this.devices.some((d) => d.deviceId === selected)) this.select.value = selected;
    this.setUsable(this.usable);
  }

  dispose(): void {
    navigator.mediaDevices?.removeEventListener?.("devicechange", this.onDeviceChange);
  }

  private remembered(): DeviceChoice | undefined {
    try {
      const v = JSON.parse(this.memory?.get(KEY) ?? "null") as DeviceChoice | null;
      return v && typeof v.id === "string" && typeof v.label === "string" ? v : undefined;
    } catch {
      return undefined;
    }
  }
}
