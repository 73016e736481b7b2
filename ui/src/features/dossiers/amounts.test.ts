import { describe, expect, it } from "vitest";
import { amountInput, formatAmount, formatPermille, parseAmount } from "./amounts";

describe("amounts", () => {
  it("parses French and English notation into cents without floats", () => {
    expect(parseAmount("12000")).toBe(1_200_000);
    expect(parseAmount("1 234,5")).toBe(123_450);
    expect(parseAmount("1\u202f234,56 €")).toBe(123_456);
    expect(parseAmount("0,10")).toBe(10);
    expect(parseAmount("0.1")).toBe(10);
    expect(parseAmount("")).toBe(0);
    expect(parseAmount("1000000000")).toBe(100_000_000_000);
  });

  it("refuses what is not an amount", () => {
    for (const bad of ["12,345", "1,2,3", "douze", "-5", "1e3", ",", "1000000000,01"]) {
      expect(parseAmount(bad), bad).toBeNull();
    }
  });

  it("prints like the PDF and round-trips through the input", () => {
    expect(formatAmount(1_234_567)).toBe("12\u202f345,67\u00a0€");
    expect(formatAmount(5)).toBe("0,05\u00a0€");
    expect(formatPermille(385)).toBe("38,5\u00a0%");
    expect(formatPermille(340)).toBe("34,0\u00a0%");
    for (const cents of [0, 5, 10, 123_450, 1_800_000]) {
      expect(parseAmount(amountInput(cents))).toBe(cents);
    }
  });
});
