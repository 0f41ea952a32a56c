import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import MarkdownIt from 'markdown-it';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openJournal } from '../journal/open-journal.js';
import { albumSession, snapshotV1, snapshotV2 } from '../test-support/album-fixture.js';
import { albumJournal, HOSTILE } from '../test-support/album-journal.js';
import { tempSession } from '../test-support/temp-session.js';
import { exportRecallSheet } from './export-recall-sheet.js';
import type { RecallSheet } from './recall-sheet.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempSession());
});
afterEach(() => cleanup());

const options = { timeZone: 'UTC', now: new Date('2026-11-22T12:00:00Z') };
const snapshots = () => [snapshotV2(), snapshotV1()];

/** The page's visible text, tags removed and entities decoded, whitespace collapsed. */
function visibleText(page: string): string {
  return page
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** The HTML between `<section id="…">` and its end. */
function section(page: string, id: string): string {
  const start = page.indexOf(`<section id="${id}">`);
  expect(start, `section ${id}`).toBeGreaterThan(-1);
  return page.slice(start, page.indexOf('</section>', start));
}

describe('the HTML recall sheet', () => {
  it('shows the album, the songs, the versions with their changes, and the open requests', async () => {
    const journal = await albumJournal(dir);
    const page = await exportRecallSheet(albumSession(), journal, snapshots(), {
      ...options,
      format: 'html',
    });
    const text = visibleText(page);

    // Album header.
    expect(text).toContain('Night Drive');
    expect(text).toContain('The Example Band');
    expect(text).toMatch(/UPC\/EAN 5010017088439/);
    expect(text).toContain('Sam Client, Example Records');

    // Songs in album order, with their facts, notes, QC and chain.
    const songs = visibleText(section(page, 'songs'));
    const order = ['1. Headlights', '2. City Lights', '3. Overpass'].map((t) => songs.indexOf(t));
    expect(order.every((i) => i > -1)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(songs).toContain('QZES52600001');
    expect(songs).toContain(
      'mixes/01 - Headlights (Master v3).wav (24-bit 44.1 kHz stereo WAV, 3:20.0)',
    );
    expect(songs).toContain('Small click at 1:40, fixed with a 5 ms crossfade');
    expect(songs).toContain('Headlights @ 00:01:40.000');
    expect(songs).toContain('Integrated True peak LRA clipping −9.8 LUFS −1.1 dBTP 5.2 LU 0 items');
    // The last snapshot's chain: Headlights' EQ after the change, with its parameter values.
    const headlights = visibleText(
      page.slice(page.indexOf('id="song-headlights"'), page.indexOf('id="song-city-lights"')),
    );
    expect(headlights).toContain('1. Pro-Q 3 VST3 · FabFilter · v3.21');
    expect(headlights).toContain('Band 2 Gain +2.0 dB');
    expect(headlights).toContain('Band 1 Frequency 120 Hz');
    expect(headlights).toContain('fader −0.5 dB · pan C');
    const city = visibleText(
      page.slice(page.indexOf('id="song-city-lights"'), page.indexOf('id="song-overpass"')),
    );
    expect(city).toContain('2. Pro-L 2 VST3 · FabFilter · bypassed · preset “Transparent”');
    expect(city).toContain('fader +1.0 dB');

    // Versions with their changes.
    const versions = visibleText(section(page, 'versions'));
    expect(versions).toContain('Before the first version');
    expect(versions).toContain('Keep the 2 s gaps between songs');
    expect(versions).toMatch(
      /v1 sent to client \(v1 · 2026-11-20 17:30 · snapshot v1 \(2026-11-20 17:30\)\)/,
    );
    expect(versions).toContain('Changes (3)');
    for (const change of [
      'Headlights · Pro-Q 3 · Band 2 Gain: +1.5 dB → +2.0 dB',
      'City Lights · volume 0.0 dB → +1.0 dB',
      'City Lights · Pro-L 2 bypassed',
    ]) {
      expect(versions).toContain(change);
    }
    expect(versions.indexOf('v1 sent to client')).toBeLessThan(
      versions.indexOf('Pro-L 2 bypassed'),
    );
    expect(versions).toMatch(/done Less low end on Headlights \(cut 0\.5 dB at 80 Hz\)/);

    // Open requests: the two still open, not the one marked done.
    const open = visibleText(section(page, 'open-requests'));
    expect(open).toContain('Open client requests (2)');
    expect(open).toContain('City Lights Vocal a touch louder in the second chorus Sam Client v1');
    expect(open).toContain(HOSTILE);
    expect(open).not.toContain('Less low end');

    // Master bus, deliveries, album QC; the withdrawn note is nowhere.
    expect(visibleText(section(page, 'master'))).toContain('Pro-L 2');
    expect(visibleText(section(page, 'deliveries'))).toContain(
      'md5 9e107d9d372bb6826bd81d3542a419d6',
    );
    expect(visibleText(section(page, 'album-qc'))).toContain(
      'Integrated loudestSong −10.1 LUFS headlights',
    );
    expect(text).not.toContain('wrong album');
    expect(text).toContain('1 withdrawn');
  });

  it('escapes hostile text and stays standalone: no scripts, no external files', async () => {
    const journal = await albumJournal(dir);
    const session = albumSession();
    session.album.title = 'Rock & Roll <Live> "Deluxe"';
    const page = await exportRecallSheet(session, journal, snapshots(), {
      ...options,
      format: 'html',
    });

    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<img/i);
    expect(page).not.toMatch(/<[^>]*\son\w+=/i);
    expect(page).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot; &#39;single&#39; &lt;/li&gt;&lt;/ul&gt;&lt;img src=x onerror=alert(1)&gt;',
    );
    expect(page).toContain(
      '<title>Recall sheet: Rock &amp; Roll &lt;Live&gt; &quot;Deluxe&quot; — The Example Band</title>',
    );
    expect(page).toContain('Mallory &quot;&lt;b&gt;&quot;');
    // Nothing to fetch: no links, sources, imports or urls, and a policy that forbids them.
    expect(page).not.toMatch(/<[^>]*\s(src|href)=|url\(|@import|<link/i);
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(page).toMatch(/@media print/);
  });

  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  it.runIf(chromium !== undefined || process.env.CI)(
    'renders in a real browser with the hostile text shown as text and nothing run',
    async () => {
      const journal = await albumJournal(dir);
      const page = await exportRecallSheet(albumSession(), journal, snapshots(), {
        ...options,
        format: 'html',
      });
      const file = join(dir, 'recall-sheet.html');
      await writeFile(file, page);
      const { stdout } = await promisify(execFile)(
        chromium ?? 'chromium',
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          `--user-data-dir=${join(dir, 'chromium-profile')}`,
          '--dump-dom',
          `file://${file}`,
        ],
        { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      );
      // The DOM after the browser parsed (and would have run) the page.
      expect(stdout).not.toMatch(/<script/i);
      expect(stdout).not.toMatch(/<img/i);
      expect(visibleText(stdout)).toContain(HOSTILE);
      expect(visibleText(stdout)).toContain('Open client requests (2)');
    },
    90_000,
  );
});

describe('the Markdown recall sheet', () => {
  it('has the same content, and hostile text stays text when rendered', async () => {
    const journal = await albumJournal(dir);
    const text = await exportRecallSheet(albumSession(), journal, snapshots(), {
      ...options,
      format: 'md',
    });
    expect(text).toMatch(/^# Recall sheet: Night Drive — The Example Band\n/);
    expect(text).toContain('## Open client requests (2)');
    expect(text).toContain(
      '### v1 sent to client (v1 · 2026-11-20 17:30 · snapshot v1 (2026-11-20 17:30))',
    );
    expect(text).toContain('- Headlights · Pro-Q 3 · Band 2 Gain: +1.5 dB → +2.0 dB');
    expect(text).toContain('### 1\\. Headlights');
    expect(text).toContain('| Band 2 Gain | +2.0 dB |');

    // A permissive renderer (raw HTML allowed) still shows the hostile note as text.
    const rendered = new MarkdownIt({ html: true }).render(text);
    expect(rendered).not.toMatch(/<script/i);
    expect(rendered).not.toMatch(/<img/i);
    expect(visibleText(rendered)).toContain(HOSTILE);
    expect(visibleText(rendered)).toContain('1. Headlights');
  });
});

describe('the JSON recall sheet', () => {
  it('is the sheet as data', async () => {
    const journal = await albumJournal(dir);
    const sheet = JSON.parse(
      await exportRecallSheet(albumSession(), journal, snapshots(), { ...options, format: 'json' }),
    ) as RecallSheet;
    expect(sheet.format).toBe('tapeop.recall-sheet');
    expect(sheet.generatedAt).toBe('2026-11-22 12:00');
    expect(sheet.songs.map((s) => [s.number, s.title, s.changeCount])).toEqual([
      [1, 'Headlights', 1],
      [2, 'City Lights', 2],
      [3, 'Overpass', 0],
    ]);
    expect(sheet.openRequests.map((r) => r.requestedBy)).toEqual(['Sam Client', 'Mallory "<b>"']);
    expect(sheet.versions.map((v) => [v.id, v.changes.length, v.requests.length])).toEqual([
      [undefined, 0, 0],
      ['v1', 3, 3],
    ]);
    expect(sheet.snapshot?.id).toBe(snapshotV2().id);
    expect(sheet.songs[0]!.qc[0]!.figures[0]).toEqual({
      key: 'integratedLufs',
      label: 'Integrated',
      value: '−9.8 LUFS',
    });
  });

  it('works for a new session: no journal, no snapshots', async () => {
    const session = albumSession();
    session.versions = [];
    const page = await exportRecallSheet(session, openJournal(dir), [], {
      ...options,
      format: 'html',
    });
    expect(visibleText(page)).toContain('No snapshot was given');
    expect(visibleText(page)).toContain('Open client requests (0)');
    const sheet = JSON.parse(
      await exportRecallSheet(session, openJournal(dir), [], { ...options, format: 'json' }),
    );
    expect(sheet.versions).toEqual([]);
  });

  it('rounds a mix duration to the tenth as a whole, never to 60 seconds', async () => {
    const session = albumSession();
    const lengths = [59.96, 119.99, 200];
    session.songs.forEach((song, i) => {
      song.source!.durationSec = lengths[i]!;
    });
    const sheet = JSON.parse(
      await exportRecallSheet(session, openJournal(dir), [], { ...options, format: 'json' }),
    ) as RecallSheet;
    expect(sheet.songs.map((s) => s.mix?.duration)).toEqual(['1:00.0', '2:00.0', '3:20.0']);
  });

  it('refuses an unknown format', async () => {
    await expect(
      exportRecallSheet(albumSession(), openJournal(dir), [], { format: 'pdf' as never }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(
      exportRecallSheet(albumSession(), openJournal(dir), [], { format: 'constructor' as never }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
