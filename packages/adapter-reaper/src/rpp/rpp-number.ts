/**
 * A number as an RPP value: the shortest text that reads back as the same double (so a
 * position in seconds converts back to the very sample it came from), never in exponent form,
 * which not every reader of RPP files accepts.
 */
export function formatRppNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`${value} cannot be written in an RPP file`);
  if (Object.is(value, -0)) return '0';
  const text = String(value);
  if (!/e/i.test(text)) return text;
  // Tiny or huge values: fixed notation with enough digits to round-trip, trailing zeros cut.
  const digits = 17 - Math.floor(Math.log10(Math.abs(value)));
  const fixed = value.toFixed(Math.min(100, Math.max(0, digits)));
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}
