/**
 * Decodes the IEEE 754 80-bit extended float AIFF uses for its sample rate: a sign bit, a
 * 15-bit exponent (bias 16383) and a 64-bit mantissa with an explicit integer bit.
 * Returns NaN for infinities and NaNs (exponent all ones), which no sample rate can be.
 */
export function readExtendedFloat(bytes: Buffer, offset = 0): number {
  const signAndExponent = bytes.readUInt16BE(offset);
  const high = bytes.readUInt32BE(offset + 2);
  const low = bytes.readUInt32BE(offset + 6);
  const sign = signAndExponent & 0x8000 ? -1 : 1;
  const exponent = signAndExponent & 0x7fff;
  if (exponent === 0x7fff) return Number.NaN;
  if (exponent === 0 && high === 0 && low === 0) return 0;
  // mantissa = high·2^32 + low, value = mantissa · 2^(exponent − 16383 − 63); split the power
  // so that neither factor overflows for the exponents sample rates use.
  const mantissa = high * 2 ** 32 + low;
  return sign * mantissa * 2 ** (exponent - 16383 - 63);
}

/** Encodes a non-negative finite number as an 80-bit extended float (for writing AIFF). */
export function writeExtendedFloat(value: number): Buffer {
  const out = Buffer.alloc(10);
  if (value === 0) return out;
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new RangeError(`${value} cannot be written as an AIFF sample rate`);
  }
  let exponent = Math.floor(Math.log2(value));
  // Guard against log2 rounding at exact powers of two.
  if (2 ** exponent > value) exponent -= 1;
  if (2 ** (exponent + 1) <= value) exponent += 1;
  const mantissa = value / 2 ** exponent; // in [1, 2)
  const high = Math.floor(mantissa * 2 ** 31);
  const low = Math.round((mantissa * 2 ** 31 - high) * 2 ** 32);
  out.writeUInt16BE(exponent + 16383, 0);
  out.writeUInt32BE(high >>> 0, 2);
  out.writeUInt32BE(low >>> 0, 6);
  return out;
}
