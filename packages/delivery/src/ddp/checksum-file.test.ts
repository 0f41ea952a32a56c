import { describe, expect, it } from 'vitest';
import { formatChecksumFile, parseChecksumFile } from './checksum-file.js';

describe('checksum lists', () => {
  it('writes md5sum lines with a binary marker and LF', () => {
    expect(formatChecksumFile([{ name: 'DDPID', md5: 'd41d8cd98f00b204e9800998ecf8427e' }])).toBe(
      'd41d8cd98f00b204e9800998ecf8427e *DDPID\n',
    );
  });

  it('reads md5sum, text-mode and BSD lines, CRLF, upper-case hex, a BOM and comments', () => {
    const text =
      '\uFEFF# made by a DDP tool\r\nD41D8CD98F00B204E9800998ECF8427E *DDPID\r\n0cc175b9c0f1b6a831c399e269772661  IMAGE.DAT\r\nMD5 (PQ_DESCR) = 92eb5ffee6ae2fec3ad71c777531578f\r\n\r\n';
    expect(parseChecksumFile(text)).toEqual({
      entries: [
        { name: 'DDPID', md5: 'd41d8cd98f00b204e9800998ecf8427e', line: 2 },
        { name: 'IMAGE.DAT', md5: '0cc175b9c0f1b6a831c399e269772661', line: 3 },
        { name: 'PQ_DESCR', md5: '92eb5ffee6ae2fec3ad71c777531578f', line: 4 },
      ],
      unreadable: [],
    });
  });

  it('reports lines it cannot read with their line number', () => {
    expect(
      parseChecksumFile('d41d8cd98f00b204e9800998ecf8427e *DDPID\nnot a checksum\nabc *short\n')
        .unreadable,
    ).toEqual([
      { line: 2, text: 'not a checksum' },
      { line: 3, text: 'abc *short' },
    ]);
  });
});
