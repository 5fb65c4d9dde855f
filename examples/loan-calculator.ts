// A live loan and tip calculator: the monthly payment of a loan (an annuity) and the split of a bill
// with a tip, recomputed as the sliders move.
import * as li from "live-interface";

/** The fixed monthly payment that repays `principal` over `years` at `annualRatePct` (compounded monthly). */
export function monthlyPayment(principal: number, annualRatePct: number, years: number): number {
  const n = Math.round(years * 12);
  const r = annualRatePct / 100 / 12;
  if (n <= 0) return principal;
  return r === 0 ? principal / n : (principal * r) / (1 - (1 + r) ** -n);
}

const money = (x: number) => x.toLocaleString("en-US", { style: "currency", currency: "USD" });

export default new li.Interface({
  fn: (principal, rate, years, bill, tipPct, people) => {
    const payment = monthlyPayment(principal, rate, years);
    const total = payment * Math.round(years * 12);
    const tip = (bill * tipPct) / 100;
    const each = (bill + tip) / Math.max(1, people);
    return [
      Math.round(payment * 100) / 100,
      `**Loan**: ${money(payment)} a month for ${Math.round(years * 12)} months; ${money(total)} in all, of which ${money(total - principal)} interest.\n\n` +
        `**Bill**: tip ${money(tip)}, total ${money(bill + tip)}, ${money(each)} for each of ${people}.`,
    ];
  },
  inputs: [
    new li.Slider({ label: "loan amount ($)", minimum: 1000, maximum: 500000, step: 1000, value: 200000 }),
    new li.Slider({ label: "interest (% a year)", minimum: 0, maximum: 15, step: 0.1, value: 5 }),
    new li.Slider({ label: "years", minimum: 1, maximum: 40, step: 1, value: 30 }),
    new li.Number({ label: "bill ($)", value: 84.5, minimum: 0 }),
    new li.Slider({ label: "tip (%)", minimum: 0, maximum: 30, step: 1, value: 18 }),
    new li.Slider({ label: "people", minimum: 1, maximum: 12, step: 1, value: 3 }),
  ],
  outputs: [new li.Number({ label: "monthly payment ($)" }), new li.Markdown({ label: "summary" })],
  live: true,
  title: "Loan and tip calculator",
  description: "Move a slider: the monthly payment, the interest and the split bill follow.",
});
