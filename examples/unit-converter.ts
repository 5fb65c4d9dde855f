// A live unit converter: type a value or change a unit and the result follows at once.
import * as li from "live-interface";

/** Each unit in its quantity's base unit (metre, kilogram); temperatures convert by formula. */
const UNITS = {
  length: { millimetre: 0.001, centimetre: 0.01, metre: 1, kilometre: 1000, inch: 0.0254, foot: 0.3048, yard: 0.9144, mile: 1609.344 },
  mass: { gram: 0.001, kilogram: 1, tonne: 1000, ounce: 0.028349523125, pound: 0.45359237 },
  temperature: { celsius: 0, fahrenheit: 0, kelvin: 0 },
} as const;
type Quantity = keyof typeof UNITS;

const toCelsius = (v: number, unit: string) => (unit === "fahrenheit" ? ((v - 32) * 5) / 9 : unit === "kelvin" ? v - 273.15 : v);
const fromCelsius = (c: number, unit: string) => (unit === "fahrenheit" ? (c * 9) / 5 + 32 : unit === "kelvin" ? c + 273.15 : c);

function convert(value: number, from: string, to: string): number {
  const quantity = (Object.keys(UNITS) as Quantity[]).find((q) => from in UNITS[q]);
  if (!quantity || !(to in UNITS[quantity])) throw new Error(`cannot convert ${from} to ${to}: they measure different things`);
  if (quantity === "temperature") return fromCelsius(toCelsius(value, from), to);
  const table = UNITS[quantity] as Record<string, number>;
  return (value * table[from]!) / table[to]!;
}

const allUnits = Object.values(UNITS).flatMap((t) => Object.keys(t));

export default new li.Interface({
  fn: (value, from, to) => {
    if (!from || !to) return ["", ""];
    const result = convert(value, from, to);
    const shown = Number(result.toPrecision(10));
    return [shown, `${value} ${from} = ${shown} ${to}`];
  },
  inputs: [
    new li.Number({ label: "value", value: 1 }),
    new li.Dropdown({ label: "from", choices: allUnits, value: "mile" }),
    new li.Dropdown({ label: "to", choices: allUnits, value: "kilometre" }),
  ],
  outputs: [new li.Number({ label: "result" }), new li.Textbox({ label: "reads" })],
  live: true,
  title: "Unit converter",
  description: "Length, mass and temperature. Units that measure different things say so.",
  examples: [
    [100, "celsius", "fahrenheit"],
    [12, "inch", "centimetre"],
    [1, "pound", "gram"],
  ],
});
