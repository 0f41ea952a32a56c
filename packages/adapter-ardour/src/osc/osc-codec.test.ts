import { describe, expect, it } from 'vitest';
import { decodeOsc, encodeOsc, float, int, numberArg, str } from './osc-codec.js';

const pad = (text: string) => {
  const bytes = Buffer.from(`${text}\0`, 'utf8');
  return Buffer.concat([bytes, Buffer.alloc((4 - (bytes.length % 4)) % 4)]);
};

describe('encodeOsc', () => {
  it('tags a whole-number float as a float: Ardour reads an int gain as 0 dB', () => {
    const packet = encodeOsc('/strip/gain', [int(1), float(-12)]);
    expect(packet.toString('hex')).toBe(
      Buffer.concat([
        pad('/strip/gain'),
        pad(',if'),
        Buffer.from([0, 0, 0, 1]),
        Buffer.from('c1400000', 'hex'),
      ]).toString('hex'),
    );
  });

  it('writes strings as UTF-8, so track names outside ASCII survive', () => {
    const packet = encodeOsc('/strip/name', [int(2), str('Café ☃ Blåbær')]);
    expect(packet.includes(Buffer.from('Café ☃ Blåbær', 'utf8'))).toBe(true);
    expect(decodeOsc(packet)[0]).toEqual({ address: '/strip/name', args: [2, 'Café ☃ Blåbær'] });
  });

  it('refuses a number that is not finite instead of sending garbage', () => {
    expect(() => encodeOsc('/strip/gain', [int(1), float(Number.NaN)])).toThrow(/not a finite/);
  });
});

describe('decodeOsc', () => {
  it("reads Ardour's #reply rows, which osc-js alone refuses", () => {
    const row = Buffer.concat([
      pad('#reply'),
      pad(',ssiiiiii'),
      pad('AT'),
      pad('Track 1'),
      Buffer.from([0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]),
    ]);
    expect(decodeOsc(row)).toEqual([
      { address: '#reply', args: ['AT', 'Track 1', 1, 2, 0, 0, 1, 0] },
    ]);
  });

  it('reads int64 arguments (sample positions) as bigints that numberArg turns to numbers', () => {
    const packet = Buffer.concat([pad('/transport_frame'), pad(',h'), Buffer.alloc(8)]);
    packet.writeBigInt64BE(10_000_000_000n, packet.length - 8);
    const [message] = decodeOsc(packet);
    expect(numberArg(message!, 0)).toBe(10_000_000_000);
  });

  it('flattens bundles', () => {
    const a = encodeOsc('/a', [int(1)]);
    const b = encodeOsc('/b', [str('x')]);
    const size = (n: number) => {
      const s = Buffer.alloc(4);
      s.writeInt32BE(n);
      return s;
    };
    const bundle = Buffer.concat([
      pad('#bundle'),
      Buffer.alloc(8),
      size(a.length),
      a,
      size(b.length),
      b,
    ]);
    expect(decodeOsc(bundle).map((m) => m.address)).toEqual(['/a', '/b']);
  });

  it('throws on datagrams that are not OSC', () => {
    expect(() => decodeOsc(Buffer.from('GET / HTTP/1.1\r\n'))).toThrow();
    expect(() => decodeOsc(Buffer.alloc(0))).toThrow();
    expect(() => decodeOsc(Buffer.concat([pad('/a'), pad(',i')]))).toThrow();
  });
});
