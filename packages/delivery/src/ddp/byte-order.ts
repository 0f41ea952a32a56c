import { open } from 'node:fs/promises';

export type ByteOrder = 'little' | 'big';

export interface ByteOrderGuess {
  byteOrder: ByteOrder;
  /** False when the audio gave no evidence either way (silence, or noise-like content). */
  certain: boolean;
}

const WINDOWS = 24;
const WINDOW_BYTES = 64 * 1024;

/**
 * IMAGE.DAT is normally little-endian, but some tools write big-endian. Music is smooth in
 * the right byte order: read with the bytes swapped, consecutive samples of a channel jump
 * about wildly. So the image is sampled in windows across its length and the summed
 * sample-to-sample differences of both readings are compared; big-endian is chosen only when
 * it is clearly smoother.
 */
export async function detectByteOrder(
  path: string,
  startByte: number,
  endByte: number,
): Promise<ByteOrderGuess> {
  const handle = await open(path, 'r');
  let little = 0;
  let big = 0;
  try {
    const span = Math.max(0, endByte - startByte);
    const buffer = Buffer.alloc(WINDOW_BYTES);
    const windows = Math.min(WINDOWS, Math.max(1, Math.floor(span / WINDOW_BYTES)));
    for (let w = 0; w < windows; w++) {
      const offset =
        startByte + Math.floor(((span - WINDOW_BYTES) * w) / Math.max(1, windows - 1) / 4) * 4;
      const { bytesRead } = await handle.read(buffer, 0, WINDOW_BYTES, Math.max(startByte, offset));
      const usable = bytesRead - (bytesRead % 4);
      for (let i = 4; i < usable; i += 2) {
        little += Math.abs(buffer.readInt16LE(i) - buffer.readInt16LE(i - 4));
        big += Math.abs(buffer.readInt16BE(i) - buffer.readInt16BE(i - 4));
      }
    }
  } finally {
    await handle.close();
  }
  if (little === 0 && big === 0) return { byteOrder: 'little', certain: false };
  if (big < little * 0.7) return { byteOrder: 'big', certain: true };
  if (little < big * 0.7) return { byteOrder: 'little', certain: true };
  return { byteOrder: 'little', certain: false };
}
