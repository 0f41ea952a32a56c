// UPC-A / EAN-13 (GTIN-13): weight the first 12 digits 1,3,1,3... from the left;
// check = (10 - sum mod 10) mod 10. A 12-digit UPC-A is the same number with a leading 0.

export const EAN_SHAPE = '13 digits with a valid check digit, or a 12-digit UPC-A';

export type EanResult =
  | { ok: true; ean: string; wasUpcA: boolean }
  | { ok: false; input: string; reason: string };

/** The check digit for the first 12 digits of an EAN-13. */
export function eanCheckDigit(first12: string): number {
  if (!/^\d{12}$/.test(first12)) {
    throw new RangeError(`"${first12}" is not 12 digits`);
  }
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

/** True for a 13-digit EAN with a valid check digit (as stored in tapeop documents). */
export function isEan13(value: string): boolean {
  return /^\d{13}$/.test(value) && eanCheckDigit(value.slice(0, 12)) === Number(value[12]);
}

/** Removes spaces and hyphens, turns a UPC-A into EAN-13, and validates the check digit. */
export function parseEan(input: string): EanResult {
  const digits = input.trim().replace(/[\s-]/g, '');
  if (!/^\d+$/.test(digits)) {
    return {
      ok: false,
      input,
      reason: `contains characters other than digits; a UPC/EAN is ${EAN_SHAPE}`,
    };
  }
  if (digits.length !== 12 && digits.length !== 13) {
    return { ok: false, input, reason: `has ${digits.length} digits; a UPC/EAN is ${EAN_SHAPE}` };
  }
  const ean = digits.length === 12 ? `0${digits}` : digits;
  const expected = eanCheckDigit(ean.slice(0, 12));
  if (expected !== Number(ean[12])) {
    return {
      ok: false,
      input,
      reason: `has the check digit ${ean[12]}, but the first digits give ${expected}; check the number for a typing mistake`,
    };
  }
  return { ok: true, ean, wasUpcA: digits.length === 12 };
}

export function normalizeEan(input: string): string | undefined {
  const result = parseEan(input);
  return result.ok ? result.ean : undefined;
}
