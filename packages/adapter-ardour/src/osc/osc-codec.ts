import OSC from 'osc-js';

/** One typed OSC argument. Types are always explicit: Ardour misreads an int sent for a float. */
export type OscArg =
  | { type: 'i'; value: number }
  | { type: 'f'; value: number }
  | { type: 'd'; value: number }
  | { type: 'h'; value: bigint | number }
  | { type: 's'; value: string }
  | { type: 'T' | 'F' };

export type OscValue = number | bigint | string | boolean | null;

export interface OscMessage {
  address: string;
  args: OscValue[];
}

export const int = (value: number): OscArg => ({ type: 'i', value: Math.trunc(value) });
export const float = (value: number): OscArg => ({ type: 'f', value });
export const str = (value: string): OscArg => ({ type: 's', value });

// osc-js writes each UTF-16 code unit of a string as one byte, which mangles anything outside
// ASCII (a track named "Café"). Handing it the UTF-8 bytes as a one-byte-per-character string
// makes it write exactly those bytes; its decoder already reads UTF-8.
const asUtf8Bytes = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

/** Encodes one message with explicit argument types (osc-js's TypedMessage). */
export function encodeOsc(address: string, args: OscArg[] = []): Buffer {
  const message = new OSC.TypedMessage(
    asUtf8Bytes(address),
    [] as unknown as ConstructorParameters<typeof OSC.TypedMessage>[1],
  );
  for (const arg of args) {
    switch (arg.type) {
      case 's':
        message.add('s', asUtf8Bytes(arg.value));
        break;
      case 'T':
      case 'F':
        message.add(arg.type, arg.type === 'T');
        break;
      case 'h':
        message.add('h', BigInt(arg.value) as unknown as number);
        break;
      default:
        if (!Number.isFinite(arg.value)) {
          throw new RangeError(`OSC ${address}: argument ${arg.value} is not a finite number`);
        }
        message.add(arg.type, arg.value);
    }
  }
  return Buffer.from(message.pack());
}

const BUNDLE = Buffer.from('#bundle\0', 'latin1');

/**
 * Decodes a datagram into its messages (bundles are flattened). Ardour answers some queries
 * with the address "#reply", which is not a valid OSC address and which osc-js refuses; such a
 * message is decoded as if it began with "/" and handed on under its real address.
 * Throws on a malformed datagram.
 */
export function decodeOsc(datagram: Uint8Array): OscMessage[] {
  const data = Buffer.from(datagram);
  let hashAddress = false;
  if (data[0] === 0x23 && !data.subarray(0, 8).equals(BUNDLE)) {
    data[0] = 0x2f;
    hashAddress = true;
  }
  const packet = new OSC.Packet();
  packet.unpack(new DataView(data.buffer, data.byteOffset, data.byteLength));
  const out: OscMessage[] = [];
  const walk = (value: unknown) => {
    const bundle = value as { bundleElements?: unknown[] };
    if (Array.isArray(bundle.bundleElements)) {
      for (const element of bundle.bundleElements) walk(element);
      return;
    }
    const message = value as { address: string; args: OscValue[] };
    if (typeof message.address !== 'string') throw new Error('OSC packet without an address');
    out.push({ address: message.address, args: [...message.args] });
  };
  walk(packet.value);
  if (hashAddress && out[0]) out[0].address = `#${out[0].address.slice(1)}`;
  return out;
}

/** Reads a numeric argument whatever its OSC type (Ardour sends int32, int64 and floats). */
export function numberArg(message: OscMessage, index: number): number | undefined {
  const value = message.args[index];
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return Number(value);
  }
  return undefined;
}

export function stringArg(message: OscMessage, index: number): string | undefined {
  const value = message.args[index];
  return typeof value === 'string' ? value : undefined;
}
