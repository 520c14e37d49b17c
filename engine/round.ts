/**
 * Rounds half away from zero to `decimals` places on the decimal value the number stands for:
 * 86.505 (stored as 86.50499999…) becomes 86.51, as a person rounding the printed figure would.
 * Used only when publishing; every computation keeps full precision.
 */
export function roundHalfUp(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const scaled = Number((Math.abs(value) * factor).toPrecision(15));
  return (Math.sign(value) * Math.round(scaled)) / factor || 0;
}
