/** Enough to lift a product such as 86.505 × 100 = 8650.4999999999991 over .5, far below any published digit. */
const NUDGE = 1 + 1e-12;

/**
 * Rounds half away from zero to `decimals` places on the decimal value the number stands for:
 * 86.505 (stored as 86.50499999…) becomes 86.51, as a person rounding the printed figure would.
 * Used only when publishing; every computation keeps full precision.
 */
export function roundHalfUp(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return (Math.sign(value) * Math.round(Math.abs(value) * factor * NUDGE)) / factor || 0;
}
