const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

/**
 * Text from a fixed-size or chunk text field: cut at the first NUL, decoded as UTF-8 when it
 * is valid UTF-8 and as Latin-1 (what older writers use) otherwise, trailing spaces removed.
 */
export function readTextField(bytes: Buffer, start = 0, end = bytes.length): string {
  let stop = start;
  while (stop < end && bytes[stop] !== 0) stop++;
  const slice = bytes.subarray(start, stop);
  let text: string;
  try {
    text = utf8.decode(slice);
  } catch {
    text = latin1.decode(slice);
  }
  return text.replace(/[\s]+$/u, '');
}

/** A four-character code as text, e.g. 'fmt '. */
export function fourCc(bytes: Buffer, offset: number): string {
  return bytes.toString('latin1', offset, offset + 4);
}

/** True when all four bytes are printable ASCII, as chunk ids are. */
export function isPrintableFourCc(bytes: Buffer, offset: number): boolean {
  if (offset + 4 > bytes.length) return false;
  for (let i = offset; i < offset + 4; i++) {
    const b = bytes[i]!;
    if (b < 0x20 || b > 0x7e) return false;
  }
  return true;
}

/** Bytes as spaced hex for messages: '52 49 46 46'. */
export function hexBytes(bytes: Buffer, count = 4): string {
  return Array.from(bytes.subarray(0, count), (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** A byte count for people: '1,764,000 bytes'. */
export function formatBytes(count: number): string {
  return `${count.toLocaleString('en-US')} byte${count === 1 ? '' : 's'}`;
}
