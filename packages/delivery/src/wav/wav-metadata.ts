/**
 * The tags a per-song master carries, and the two chunks they are written in.
 *
 * - `LIST`/`INFO` (RIFF, Microsoft 1991): INAM title, IART artist, IPRD album, IPRT and ITRK
 *   track number, ICRD date, ISFT software, and ISRC. Read by ffmpeg (INAM -> title,
 *   IPRT/ITRK -> track, other ids kept as they are, so `ISRC`), TagLib (title, artist, album,
 *   track from IPRT), BWF MetaEdit and Windows. INFO's `ISRC` id is "Source" in the 1991 RIFF
 *   spec; the ISRC goes there anyway because ffmpeg reads the id3 chunk only when a file has
 *   no INFO tags, so this is the one place ffmpeg-based tools see the code.
 * - `id3 ` (an ID3v2.3 tag as a RIFF chunk): TIT2 title, TPE1 artist, TALB album, TRCK track,
 *   TYER year, TSRC ISRC. TSRC is the one standard ISRC field of the common tag formats.
 *   TagLib's RIFF::WAV::File reads `ID3 `/`id3 ` chunks (and prefers them to INFO), as do
 *   Mp3tag and foobar2000; ReaClassical renders per-track files with `ID3:TSRC`.
 *
 * Sources are listed in the package README ("Per-song masters: which metadata chunks").
 */
export interface WavTags {
  title?: string;
  artist?: string;
  album?: string;
  /** Track number and, optionally, the number of tracks (written `n/N` in ID3). */
  track?: number;
  trackCount?: number;
  isrc?: string;
  /** Release date, YYYY-MM-DD or YYYY. */
  date?: string;
  software?: string;
}

/** LIST/INFO with UTF-8 text (what TagLib and ffmpeg read), each field NUL-terminated and padded to even length. */
export function infoChunk(tags: WavTags): Buffer | undefined {
  const fields: Array<[string, string | undefined]> = [
    ['INAM', tags.title],
    ['IART', tags.artist],
    ['IPRD', tags.album],
    ['IPRT', tags.track === undefined ? undefined : String(tags.track)],
    ['ITRK', tags.track === undefined ? undefined : String(tags.track)],
    ['ICRD', tags.date],
    ['ISRC', tags.isrc],
    ['ISFT', tags.software],
  ];
  const parts: Buffer[] = [Buffer.from('INFO', 'latin1')];
  for (const [id, value] of fields) {
    if (!value) continue;
    const text = Buffer.from(`${value}\0`, 'utf8');
    const header = Buffer.alloc(8);
    header.write(id, 0, 'latin1');
    header.writeUInt32LE(text.length, 4);
    parts.push(header, text);
    if (text.length % 2 === 1) parts.push(Buffer.of(0));
  }
  if (parts.length === 1) return undefined;
  return riffChunk('LIST', Buffer.concat(parts));
}

/** An ID3v2.3 tag in an `id3 ` chunk. Text in ISO-8859-1 when it fits, else UTF-16 with a BOM. */
export function id3Chunk(tags: WavTags): Buffer | undefined {
  const track =
    tags.track === undefined
      ? undefined
      : tags.trackCount
        ? `${tags.track}/${tags.trackCount}`
        : String(tags.track);
  const frames = [
    textFrame('TIT2', tags.title),
    textFrame('TPE1', tags.artist),
    textFrame('TALB', tags.album),
    textFrame('TRCK', track),
    textFrame('TYER', tags.date?.slice(0, 4)),
    textFrame('TSRC', tags.isrc),
  ].filter((f): f is Buffer => f !== undefined);
  if (frames.length === 0) return undefined;
  const body = Buffer.concat(frames);
  const header = Buffer.alloc(10);
  header.write('ID3', 0, 'latin1');
  header[3] = 3; // ID3v2.3.0
  header[4] = 0;
  header[5] = 0; // no unsynchronisation, no extended header
  writeSyncsafe(header, 6, body.length);
  return riffChunk('id3 ', Buffer.concat([header, body]));
}

function textFrame(id: string, value: string | undefined): Buffer | undefined {
  if (!value) return undefined;
  const latin1 = [...value].every((c) => c.charCodeAt(0) <= 0xff && c.length === 1);
  const text = latin1
    ? Buffer.concat([Buffer.of(0), Buffer.from(value, 'latin1')])
    : Buffer.concat([Buffer.of(1, 0xff, 0xfe), Buffer.from(value, 'utf16le')]);
  const header = Buffer.alloc(10);
  header.write(id, 0, 'latin1');
  header.writeUInt32BE(text.length, 4); // v2.3 frame sizes are plain 32-bit, not syncsafe
  return Buffer.concat([header, text]);
}

function writeSyncsafe(buffer: Buffer, offset: number, value: number): void {
  buffer[offset] = (value >> 21) & 0x7f;
  buffer[offset + 1] = (value >> 14) & 0x7f;
  buffer[offset + 2] = (value >> 7) & 0x7f;
  buffer[offset + 3] = value & 0x7f;
}

/** A RIFF chunk: id, little-endian size, data, and the pad byte after odd-sized data. */
export function riffChunk(id: string, data: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.write(id, 0, 'latin1');
  header.writeUInt32LE(data.length, 4);
  return Buffer.concat(data.length % 2 === 1 ? [header, data, Buffer.of(0)] : [header, data]);
}
