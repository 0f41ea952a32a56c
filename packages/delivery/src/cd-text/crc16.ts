/**
 * The CD-Text pack check: CRC-16/CCITT (polynomial 0x1021, initial value 0, not reflected)
 * over bytes 0-15 of the pack, stored inverted (XOR 0xFFFF) and big-endian in bytes 16-17.
 * Verified against all ten packs of cue2ddp 1.1's CDTEXT.BIN (see cd-text.test.ts).
 */
const TABLE = buildTable();

function buildTable(): Uint16Array {
  const table = new Uint16Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
    table[byte] = crc;
  }
  return table;
}

export function cdTextCrc(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0;
  for (let i = start; i < end; i++) {
    crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ bytes[i]!) & 0xff]!;
  }
  return crc ^ 0xffff;
}
