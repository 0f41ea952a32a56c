// The panel in a real browser (Debian's Chromium, headless) against `tapeop serve` on the demo
// session, with the REAPER simulator as the DAW. The tests run in order and share one hub, one
// simulator and one browser, as an engineer's afternoon would.

import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { type ReaperSim, startReaperSim } from '@tapeop/adapter-reaper/sim';
import type { SequenceReport } from '@tapeop/cli';
import type { Note, Session } from '@tapeop/core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatLevel, formatPosition } from '../src/format/format.js';
import {
  artifactPath,
  launchChromium,
  runTapeop,
  type ServeProcess,
  startServe,
  tapeopJson,
  waitFor,
} from './harness.js';

const require = createRequire(import.meta.url);
const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

const views = ['album', 'songs', 'recall', 'notes', 'daw'] as const;

interface Figures {
  firstLoad: { responseEnd: number; domContentLoaded: number; load: number; albumShown: number };
  repeatLoads: Array<{
    responseEnd: number;
    domContentLoaded: number;
    load: number;
    albumShown: number;
  }>;
  noteToOtherPageMs?: number;
  noteToOtherPageAgainMs?: number;
  cliNoteToPanelMs?: number;
  reconnectMs?: number;
}

describe('the panel in Chromium, against tapeop serve and the REAPER simulator', () => {
  let root: string;
  let sessionDir: string;
  let sim: ReaperSim;
  let serve: ServeProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let baseUrl: string;
  const requests: string[] = [];
  const pageErrors: string[] = [];
  const figures: Figures = {
    firstLoad: { responseEnd: 0, domContentLoaded: 0, load: 0, albumShown: 0 },
    repeatLoads: [],
  };

  const sessionFile = () => join(sessionDir, 'session.json');
  const readSession = async () => JSON.parse(await readFile(sessionFile(), 'utf8')) as Session;
  const readNotes = async () =>
    (await readFile(join(sessionDir, 'notes.jsonl'), 'utf8'))
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Note);
  const sequence = () => tapeopJson<SequenceReport>(['sequence', sessionDir]);

  const serveArgs = (port: number) => [
    sessionDir,
    '--daw',
    'reaper-sim',
    '--daw-host',
    sim.host,
    '--daw-port',
    String(sim.httpPort),
    '--osc-port',
    String(sim.oscPort),
    '--port',
    String(port),
  ];

  /** A browser context whose every request is recorded; anything not on this machine is refused. */
  async function newContext(): Promise<BrowserContext> {
    const ctx = await browser.newContext();
    ctx.on('request', (request) => requests.push(request.url()));
    await ctx.route(
      (url) => url.hostname !== '127.0.0.1',
      (route) => route.abort('blockedbyclient'),
    );
    return ctx;
  }

  async function newPage(
    width = 1280,
    colorScheme: 'light' | 'dark' = 'light',
    ctx = context,
  ): Promise<Page> {
    const p = await ctx.newPage();
    p.setDefaultTimeout(15_000);
    await p.setViewportSize({ width, height: 900 });
    await p.emulateMedia({ colorScheme });
    p.on('pageerror', (error) => pageErrors.push(error.message));
    p.on('websocket', (ws) => requests.push(ws.url()));
    return p;
  }

  async function open(p: Page, view: (typeof views)[number]) {
    await p.goto(`${baseUrl}#/${view}`);
    await p.locator('main[data-loaded="true"]').waitFor({ state: 'attached' });
    await p.locator('.connection-up').waitFor({ state: 'attached' });
    await p.locator(`#${view}-heading`).waitFor();
  }

  const simPosition = () => sim.project.position();

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'tapeop-panel-e2e-'));
    // The demo session, exactly as `npm run demo` makes it.
    const demo = await tapeopJson<{ session: string }>(['demo', '--out', join(root, 'demo')], {
      timeoutMs: 120_000,
    });
    sessionDir = dirname(resolve(demo.session));

    sim = await startReaperSim({});
    serve = await startServe(serveArgs(0));
    baseUrl = serve.info.httpUrl;
    browser = await launchChromium();
    context = await newContext();
    page = await newPage();
  }, 240_000);

  afterAll(async () => {
    await writeFile(
      await artifactPath('figures.json'),
      `${JSON.stringify(figures, null, 2)}\n`,
    ).catch(() => {});
    await browser?.close();
    await serve?.stop();
    await sim?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('is served by tapeop serve by default, with its security headers', async () => {
    expect(serve.info.staticDir).toMatch(/apps[\\/]panel[\\/]dist$/);
    const response = await fetch(baseUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await response.text();
    expect(html).toContain('<div id="app">');
    // No inline script: the page works under the hub's Content-Security-Policy.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('lists the songs in sequence order with the right times, and loads fast', async () => {
    const expected = await sequence();
    await open(page, 'album');
    await page.locator('[data-testid="song-list"] li').first().waitFor();
    const rows = await page.locator('[data-testid="song-list"] > li').evaluateAll((items) =>
      items.map((li) => ({
        songId: li.getAttribute('data-song-id'),
        title: li.querySelector('.song-title')?.textContent,
        start: li.querySelector('[data-testid="track-start"]')?.textContent,
        length: li.querySelector('[data-testid="track-length"]')?.textContent,
      })),
    );
    expect(rows).toEqual(
      expected.songs.map((song) => ({
        songId: song.songId,
        title: song.title,
        start: song.trackStart,
        length: song.trackLength,
      })),
    );
    expect(rows.map((r) => r.title)).toEqual([
      'Night Drive',
      'City Lights',
      'Overpass',
      'Headlights',
      'Last Exit',
      'Slow Dawn',
    ]);
    expect(await page.locator('[data-testid="total-length"]').textContent()).toContain(
      expected.totalLength,
    );
    expect(await page.locator('[data-testid="red-book"]').textContent()).toContain('Red Book');
    // The timeline has one block per song, in the same order.
    expect(
      await page
        .locator('[data-testid="timeline"] .block')
        .evaluateAll((b) => b.map((e) => e.getAttribute('data-song-id'))),
    ).toEqual(expected.songs.map((s) => s.songId));

    // Load time from the Navigation Timing API: a first load in a new profile (empty cache),
    // then ten more. Reported, not asserted tightly: the machine is shared.
    const timing = async (p: Page) =>
      p.evaluate(async () => {
        await new Promise<void>((done) => {
          const look = () =>
            performance.getEntriesByName('tapeop:album-shown').length > 0
              ? done()
              : setTimeout(look, 5);
          look();
        });
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        await new Promise<void>((done) => {
          const look = () => (nav.loadEventEnd > 0 ? done() : setTimeout(look, 5));
          look();
        });
        return {
          responseEnd: nav.responseEnd,
          domContentLoaded: nav.domContentLoadedEventEnd,
          load: nav.loadEventEnd,
          albumShown: performance.getEntriesByName('tapeop:album-shown')[0]!.startTime,
        };
      });
    const fresh = await newContext();
    const first = await fresh.newPage();
    await first.goto(baseUrl);
    figures.firstLoad = await timing(first);
    for (let i = 0; i < 10; i++) {
      await first.reload();
      const t = await timing(first);
      figures.repeatLoads.push(t);
    }
    await fresh.close();
    console.log(
      `panel load: first ${figures.firstLoad.load.toFixed(0)} ms (album shown ${figures.firstLoad.albumShown.toFixed(0)} ms); repeat loads median ${median(figures.repeatLoads.map((r) => r.load)).toFixed(0)} ms (album shown ${median(figures.repeatLoads.map((r) => r.albumShown)).toFixed(0)} ms)`,
    );
    // A sanity bound only: ten times the 200 ms target.
    expect(figures.firstLoad.load).toBeLessThan(2000);
  });

  it('loads the album into the DAW and writes the CD markers from the DAW view', async () => {
    await open(page, 'daw');
    await waitFor(
      async () =>
        (await page.locator('[data-testid="daw-connection"]').textContent())?.startsWith(
          'Connected',
        ),
      15_000,
      'the DAW to connect',
    );
    expect(await page.locator('[data-testid="daw-name"]').textContent()).toContain('REAPER');
    await page.getByRole('button', { name: 'Load the album into the DAW' }).click();
    await page.locator('.message-ok', { hasText: 'Album loaded into REAPER' }).waitFor();
    // One track per song, in album order, named after it.
    const titles = [
      'Night Drive',
      'City Lights',
      'Overpass',
      'Headlights',
      'Last Exit',
      'Slow Dawn',
    ];
    expect(sim.project.tracks).toHaveLength(6);
    for (const [i, track] of sim.project.tracks.entries()) expect(track.name).toContain(titles[i]);
    expect(sim.project.tracks.every((t) => t.items.length === 1)).toBe(true);
    await page.getByRole('button', { name: 'Write the CD markers' }).click();
    const message = await page.locator('.message-ok', { hasText: 'markers written' }).textContent();
    const written = Number(/(\d+) markers written/.exec(message ?? '')?.[1]);
    expect(written).toBeGreaterThanOrEqual(13);
    expect(sim.project.markers.length).toBe(written);
    // The bridge's heartbeat and the connection show.
    await waitFor(
      async () =>
        !(await page.locator('[data-testid="daw-heartbeat"]').textContent())?.startsWith('Waiting'),
      15_000,
      'a heartbeat',
    );
    expect(await page.locator('[data-testid="daw-heartbeat"]').textContent()).toMatch(
      /just now|s ago/,
    );
  });

  it('moves the simulator to a song or a marker when it is clicked', async () => {
    const expected = await sequence();
    await open(page, 'album');
    const overpass = expected.songs.find((s) => s.songId === 'overpass')!;
    await page.locator('[data-testid="timeline"] .block[data-song-id="overpass"]').click();
    await waitFor(
      () => Math.abs(simPosition() - overpass.trackStartFrames / 75) < 0.02,
      5000,
      'the simulator to move to Overpass',
    );
    // The play head and the header follow.
    await page.locator('[data-testid="playhead"]').waitFor();
    await waitFor(
      async () =>
        (await page.locator('[data-testid="header-position"]').textContent()) ===
        formatPosition(overpass.trackStartFrames / 75),
      5000,
      'the header position',
    );

    // By keyboard, through the song list: focus the title and press Enter.
    const lastExit = expected.songs.find((s) => s.songId === 'last-exit')!;
    await page.getByRole('button', { name: /^Last Exit: locate the DAW/ }).focus();
    await page.keyboard.press('Enter');
    await waitFor(
      () => Math.abs(simPosition() - lastExit.trackStartFrames / 75) < 0.02,
      5000,
      'the simulator to move to Last Exit',
    );

    // A CD marker tick on the timeline: the pause before City Lights (index 0).
    const pause = expected.markers.find(
      (m) => m.kind === 'cd-pregap' && m.songId === 'city-lights',
    )!;
    await page.locator('[data-testid="timeline"] .tick-cd-pregap').nth(1).click();
    await waitFor(
      () => Math.abs(simPosition() - pause.timeSamples / pause.sampleRate) < 0.02,
      5000,
      'the simulator to move to the pause',
    );
  });

  it('shows a note added in one page in a second page, stamped with the DAW position and song', async () => {
    const expected = await sequence();
    const headlights = expected.songs.find((s) => s.songId === 'headlights')!;
    // The DAW is parked 10 s into Headlights.
    await page.goto(`${baseUrl}#/daw`);
    await page.locator('.connection-up').waitFor({ state: 'attached' });
    sim.project.locate(headlights.startSec + 10);
    const second = await newPage(360);
    await open(second, 'notes');
    await open(page, 'notes');
    await waitFor(
      async () =>
        (await page.locator('[data-testid="note-stamp"]').textContent())?.includes('in Headlights'),
      5000,
      'the position stamp',
    );
    const text = `Kick a bit loud at the drop ${Date.now()}`;
    await page.getByLabel('Note', { exact: true }).fill(text);
    // Timed from the click (Playwright returns once it has clicked) to the note in the other page.
    await page.getByRole('button', { name: 'Add the note' }).click();
    const sent = Date.now();
    await second
      .locator('[data-testid="journal"] .entry', { hasText: text })
      .waitFor({ timeout: 10_000 });
    figures.noteToOtherPageMs = Date.now() - sent;
    const entry = second.locator('[data-testid="journal"] .entry', { hasText: text });
    expect(await entry.textContent()).toContain('in Headlights');
    const written = (await readNotes()).find((n) => n.text === text)!;
    expect(written.scope).toMatchObject({
      kind: 'position',
      songId: 'headlights',
      sampleRate: 48_000,
    });
    expect(
      Math.abs(written.scope.positionSamples! / 48_000 - (headlights.startSec + 10)),
    ).toBeLessThan(0.05);
    // Once more, now that the hub has written to this journal before.
    const again = `Snare fine now ${Date.now()}`;
    await page.getByLabel('Note', { exact: true }).fill(again);
    await page.getByRole('button', { name: 'Add the note' }).click();
    const sentAgain = Date.now();
    await second
      .locator('[data-testid="journal"] .entry', { hasText: again })
      .waitFor({ timeout: 10_000 });
    figures.noteToOtherPageAgainMs = Date.now() - sentAgain;
    await second.close();
    console.log(
      `a note reached the other page in ${figures.noteToOtherPageMs} ms (the hub's first write), then in ${figures.noteToOtherPageAgainMs} ms`,
    );
  });

  it('reorders two songs: the session file changes and a change note is written', async () => {
    await open(page, 'album');
    const before = (await readSession()).sequence.entries.map((e) => e.songId);
    expect(before.slice(0, 3)).toEqual(['night-drive', 'city-lights', 'overpass']);
    const notesBefore = (await readNotes()).length;
    // Keyboard: focus "Move Overpass up" and press Enter.
    await page.getByRole('button', { name: /^Move Overpass up/ }).focus();
    await page.keyboard.press('Enter');
    await page.locator('.message-ok', { hasText: 'New order: saved to the session' }).waitFor();
    const after = (await readSession()).sequence.entries.map((e) => e.songId);
    expect(after).toEqual(['night-drive', 'overpass', 'city-lights', ...before.slice(3)]);
    const changes = (await readNotes()).slice(notesBefore).filter((n) => n.kind === 'change');
    expect(changes.length).toBeGreaterThanOrEqual(1);
    // Swapping two neighbours is one move, of whichever song the diff finds moved.
    const moves = changes.filter(
      (n) =>
        (n.data as { sequenceChange?: { kind: string } }).sequenceChange?.kind === 'song-moved',
    );
    expect(moves.length).toBeGreaterThanOrEqual(1);
    expect(moves.every((n) => /Overpass|City Lights/.test(n.text))).toBe(true);
    // The panel shows the new order, and the change note in the journal.
    await waitFor(
      async () =>
        JSON.stringify(
          await page
            .locator('[data-testid="song-list"] > li')
            .evaluateAll((li) => li.map((e) => e.getAttribute('data-song-id'))),
        ) === JSON.stringify(after),
      5000,
      'the new order on the page',
    );
    await open(page, 'notes');
    await page
      .locator('[data-testid="journal"] .entry', { hasText: changes[0]!.text })
      .first()
      .waitFor();

    // A gap: type it and press Enter.
    await open(page, 'album');
    const gap = page.getByLabel(/^Gap before Headlights/);
    await gap.fill('3.5');
    await gap.press('Enter');
    await page.locator('.message-ok', { hasText: 'Gap before Headlights set to 3.5 s' }).waitFor();
    const headlights = (await readSession()).sequence.entries.find(
      (e) => e.songId === 'headlights',
    )!;
    expect(headlights.gapSec).toBe(3.5);
    expect(
      (await readNotes()).some(
        (n) =>
          n.kind === 'change' &&
          n.text.startsWith('Gap before Headlights') &&
          n.text.includes('3.5 s'),
      ),
    ).toBe(true);
    // What the CLI says about the sequence now is what the panel shows.
    const expected = await sequence();
    expect(
      await page.locator('[data-testid="song-list"] [data-testid="track-start"]').allTextContents(),
    ).toEqual(expected.songs.map((s) => s.trackStart));
  });

  it('takes a client request and toggles its status', async () => {
    await open(page, 'notes');
    const text = `Client: more air on Slow Dawn ${Date.now()}`;
    await page.getByLabel('Note', { exact: true }).fill(text);
    await page.locator('#note-kind').selectOption('client-request');
    await page.getByLabel('Requested by', { exact: true }).fill('Sam');
    await page.getByRole('button', { name: 'Add the request' }).click();
    const request = page.locator('[data-testid="request-list"] .request', { hasText: text });
    await request.waitFor();
    await request.getByRole('combobox').selectOption('done');
    await page.locator('.message-ok', { hasText: 'Client request marked done' }).waitFor();
    const notes = await readNotes();
    const original = notes.find((n) => n.text === text)!;
    expect(original).toMatchObject({ kind: 'client-request', status: 'open', requestedBy: 'Sam' });
    expect(notes.some((n) => n.amends === original.id && n.status === 'done')).toBe(true);
    await waitFor(
      async () => (await request.getAttribute('class'))?.includes('status-done'),
      5000,
      'the request to show done',
    );
    // Filters: client requests only, then one song.
    await page.locator('#filter-kind').selectOption('client-request');
    await waitFor(
      async () => {
        const kinds = await page
          .locator('[data-testid="journal"] .entry')
          .evaluateAll((e) => e.map((x) => x.className));
        return kinds.length > 0 && kinds.every((k) => k.includes('kind-client-request'));
      },
      5000,
      'the kind filter',
    );
    await page.locator('#filter-kind').selectOption('');
  });

  it('shows the QC figures of each song, with problems marked', async () => {
    await open(page, 'songs');
    const qcNotes = (await readNotes()).filter((n) => n.kind === 'qc' && n.scope.kind === 'song');
    expect(qcNotes.length).toBe(6);
    for (const note of qcNotes) {
      const card = page.locator(`.song-card[data-song-id="${note.scope.songId}"]`);
      const figures = (
        note.data as {
          figures: { integratedLufs: number; truePeakDbtp: number; loudnessRangeLu: number };
        }
      ).figures;
      const text = await card.locator('[data-testid="qc-figures"]').textContent();
      expect(text).toContain(formatLevel(figures.integratedLufs, 'LUFS'));
      expect(text).toContain(formatLevel(figures.truePeakDbtp, 'dBTP'));
      expect(text).toContain(formatLevel(figures.loudnessRangeLu, 'LU'));
      const checks = (
        note.data as { checks: Array<{ severity: string; message: string }> }
      ).checks.filter((c) => c.severity === 'error' || c.severity === 'warning');
      for (const check of checks)
        expect(await card.locator('.song-problems').textContent()).toContain(check.message);
    }
    expect(await page.locator('.song-card[data-song-id="night-drive"]').textContent()).toContain(
      'WAV, 24-bit PCM, 48 kHz, stereo',
    );
  });

  it('compares snapshots in the words of the change notes, recalls one after a confirmation, and captures', async () => {
    await open(page, 'recall');
    // v1 → v2, the demo's revision: the same lines as the change notes the capture wrote (songs
    // are named by their track number today, and the reorder above moved City Lights to 3).
    await page
      .getByLabel('From', { exact: true })
      .selectOption({ label: (await optionLabel(page, 'From', 'v1'))! });
    await page
      .getByLabel('To', { exact: true })
      .selectOption({ label: (await optionLabel(page, 'To', 'v2'))! });
    await page.getByRole('button', { name: 'Show the changes' }).click();
    const diff = page.locator('[data-testid="diff"]');
    await diff.waitFor();
    const lines = await diff.locator('.change-list li').allTextContents();
    const unnumbered = (text: string) => text.replace(/^Song \d+ \(/, 'Song (');
    const changeNotes = (await readNotes())
      .filter((n) => n.kind === 'change')
      .map((n) => unnumbered(n.text));
    expect(lines.length).toBe(2);
    for (const line of lines) expect(changeNotes).toContain(unnumbered(line));

    // The simulator's project has no mastering chain yet: recalling v2 puts it there.
    const cityLights = sim.project.tracks.find((t) => t.name.endsWith('City Lights'))!;
    await page.getByRole('button', { name: 'Recall v2 into the DAW…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.getByRole('heading').textContent()).toBe('Recall v2 into REAPER?');
    expect((await dialog.locator('.change-list li').allTextContents()).length).toBeGreaterThan(0);
    await dialog.getByRole('button', { name: 'Recall v2' }).click();
    await page.locator('.message-ok', { hasText: 'Snapshot v2 recalled into the DAW' }).waitFor();
    expect(gainToDb(cityLights.vol)).toBeCloseTo(-1.5, 2);

    // The engineer pushes the fader back up; the recall lists exactly that, and Cancel leaves it.
    sim.project.setTrack(cityLights, 'vol', 1);
    await page.getByRole('button', { name: 'Recall v2 into the DAW…' }).click();
    await dialog.waitFor();
    const listed = await dialog.locator('.change-list li').allTextContents();
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatch(/City Lights.*volume/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(cityLights.vol).toBe(1);
    await page.getByRole('button', { name: 'Recall v2 into the DAW…' }).click();
    await dialog.getByRole('button', { name: 'Recall v2' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await waitFor(
      () => Math.abs(gainToDb(cityLights.vol) + 1.5) < 0.01,
      10_000,
      'the fader back at −1.5 dB',
    );
    const recallNote = (await readNotes()).at(-1)!;
    expect(recallNote.text).toMatch(/^Recalled snapshot v2 into REAPER/);

    // Capture now.
    await page.getByLabel('Name', { exact: true }).fill('v3 from the panel');
    await page.getByRole('button', { name: 'Capture' }).click();
    await page.locator('.message-ok', { hasText: 'Snapshot v3 from the panel captured' }).waitFor();
    await page
      .locator('[data-testid="snapshot-list"] li', { hasText: 'v3 from the panel' })
      .waitFor();
    const stored = await tapeopJson<{ snapshots: Array<{ name?: string; file: string }> }>([
      'recall',
      'list',
      sessionDir,
    ]);
    const v3 = stored.snapshots.find((s) => s.name === 'v3 from the panel')!;
    expect((await stat(join(sessionDir, v3.file))).isFile()).toBe(true);
  });

  it('exports the recall sheet as a download and into deliver/', async () => {
    await open(page, 'notes');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('Late Lights recall sheet.html');
    const html = await readFile((await download.path())!, 'utf8');
    expect(html).toContain('Late Lights');
    expect(html).toContain('Kick a bit loud at the drop');
    await page.getByLabel('Format', { exact: true }).selectOption('md');
    await page.getByRole('button', { name: 'Save in deliver/' }).click();
    await page.locator('.message-ok', { hasText: 'Recall sheet saved' }).waitFor();
    expect(
      await readFile(join(sessionDir, 'deliver', 'Late Lights recall sheet.md'), 'utf8'),
    ).toContain('Late Lights');
  });

  it('plays and stops the DAW and shows the live position', async () => {
    await open(page, 'daw');
    sim.project.locate(60);
    await page.getByRole('button', { name: 'Play' }).click();
    await waitFor(() => (sim.project.playStateBits & 1) === 1, 5000, 'the simulator to play');
    const a = await page.locator('[data-testid="daw-position"]').textContent();
    await waitFor(
      async () => (await page.locator('[data-testid="daw-position"]').textContent()) !== a,
      5000,
      'the position to move',
    );
    expect(await page.locator('[data-testid="daw-play-state"]').textContent()).toContain('Playing');
    await page.getByRole('button', { name: 'Stop' }).click();
    await waitFor(() => (sim.project.playStateBits & 1) === 0, 5000, 'the simulator to stop');
    await waitFor(
      async () =>
        (await page.locator('[data-testid="daw-play-state"]').textContent())?.startsWith('Stopped'),
      5000,
      'the page to say stopped',
    );
  });

  it('says it is disconnected while the hub is down and recovers when it is back', async () => {
    await open(page, 'notes');
    const port = serve.info.port;
    await serve.stop();
    const banner = page.locator('.connection-down');
    await banner.waitFor({ timeout: 10_000 });
    expect(await banner.textContent()).toMatch(/Not connected to the hub|Reconnecting/);
    // Controls wait while the hub is away.
    await page.getByLabel('Note', { exact: true }).fill('typed while the hub was away');
    expect(await page.getByRole('button', { name: 'Add the note' }).isDisabled()).toBe(true);
    await page.getByLabel('Note', { exact: true }).fill('');

    const restarted = Date.now();
    serve = await startServe(serveArgs(port));
    await page.locator('.connection-up').waitFor({ state: 'attached', timeout: 15_000 });
    figures.reconnectMs = Date.now() - restarted;

    // Live again: a note from the CLI shows up by itself.
    const text = `From the CLI after the restart ${Date.now()}`;
    const added = await runTapeop(['notes', 'add', sessionDir, text]);
    expect(added.code).toBe(0);
    const written = Date.now();
    await page
      .locator('[data-testid="journal"] .entry', { hasText: text })
      .waitFor({ timeout: 10_000 });
    figures.cliNoteToPanelMs = Date.now() - written;
    console.log(
      `reconnected ${figures.reconnectMs} ms after the hub was started again; a CLI note showed ${figures.cliNoteToPanelMs} ms after the CLI exited`,
    );
  });

  it('writes screenshots of every view at 360 px and 1280 px, light and dark', async () => {
    for (const scheme of ['light', 'dark'] as const)
      for (const width of [360, 1280]) {
        const p = await newPage(width, scheme);
        for (const view of views) {
          await open(p, view);
          // The view's heading takes the focus after a change of view; the picture is taken without it.
          await p.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
          await p.waitForTimeout(150);
          await p.screenshot({
            path: await artifactPath(
              `screenshots/${view}-${width}${scheme === 'dark' ? '-dark' : ''}.png`,
            ),
            fullPage: true,
          });
          // Nothing sticks out sideways at a narrow docked width.
          const overflow = await p.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          );
          expect(overflow, `${view} at ${width} px scrolls sideways`).toBeLessThanOrEqual(0);
        }
        await p.close();
      }
  });

  it('passes an automated accessibility check (axe) in light and dark, with a sensible focus order', async () => {
    const violations: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      const p = await newPage(1280, scheme);
      for (const view of views) {
        await open(p, view);
        violations.push(...(await axe(p)).map((v) => `${scheme} ${view}: ${v}`));
      }
      // The recall confirmation, open.
      await open(p, 'recall');
      await p.getByRole('button', { name: 'Recall v1 into the DAW…' }).click();
      await p.getByRole('dialog').waitFor();
      violations.push(...(await axe(p)).map((v) => `${scheme} recall dialog: ${v}`));
      // Escape closes it, as a dialog should.
      await p.keyboard.press('Escape');
      await p.getByRole('dialog').waitFor({ state: 'hidden' });
      await p.close();
    }
    expect(violations).toEqual([]);

    // Tab order from the top: skip link, the views, then the album's controls; each stop visible.
    const p = await newPage(1280);
    await open(p, 'album');
    const stops: string[] = [];
    for (let i = 0; i < 9; i++) {
      await p.keyboard.press('Tab');
      stops.push(
        await p.evaluate(() => {
          const el = document.activeElement as HTMLElement;
          const style = getComputedStyle(el);
          const visible =
            style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0;
          const name = el.getAttribute('aria-label') ?? el.textContent?.trim() ?? '';
          return `${el.tagName.toLowerCase()}:${name}${visible ? '' : ' (no focus ring)'}`;
        }),
      );
    }
    expect(stops.slice(0, 8)).toEqual([
      'button:Skip to the album view',
      'a:Album',
      'a:Songs',
      'a:Recall',
      'a:Notes',
      'a:DAW',
      expect.stringMatching(/^button:Night Drive: locate the DAW/),
      expect.stringMatching(/^input:/),
    ]);
    expect(stops.filter((s) => s.endsWith('(no focus ring)'))).toEqual([]);
    // The skip link moves the focus to the view.
    await p.reload();
    await p.locator('main[data-loaded="true"]').waitFor({ state: 'attached' });
    await p.keyboard.press('Tab');
    await p.keyboard.press('Enter');
    expect(await p.evaluate(() => document.activeElement?.id)).toBe('main');
    // Choosing a view by keyboard puts the focus on its heading.
    await p.getByRole('link', { name: 'Notes' }).focus();
    await p.keyboard.press('Enter');
    await waitFor(
      async () => (await p.evaluate(() => document.activeElement?.id)) === 'notes-heading',
      5000,
      'the Notes heading to take the focus',
    );
    await p.close();
  });

  it('made no request outside 127.0.0.1 and raised no script error', async () => {
    const hub = new URL(baseUrl);
    const outside = requests.filter((url) => {
      const parsed = new URL(url);
      if (parsed.protocol === 'blob:' || parsed.protocol === 'data:') return false;
      return parsed.hostname !== '127.0.0.1' || parsed.port !== hub.port;
    });
    expect(requests.length).toBeGreaterThan(20);
    expect(requests.some((url) => url.startsWith('ws://127.0.0.1'))).toBe(true);
    expect(outside).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function gainToDb(gain: number): number {
  return 20 * Math.log10(gain);
}

async function optionLabel(page: Page, label: string, name: string): Promise<string | undefined> {
  const options = await page.getByLabel(label, { exact: true }).locator('option').allTextContents();
  return options.find((o) => o.startsWith(`${name} (`));
}

/** Runs axe-core (WCAG 2.1 A and AA, plus best practices) on the page; one line per violation. */
async function axe(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const results = await page.evaluate(() =>
    (
      window as unknown as {
        axe: {
          run: (options: object) => Promise<{
            violations: Array<{ id: string; help: string; nodes: Array<{ target: string[] }> }>;
          }>;
        };
      }
    ).axe.run({
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
      },
    }),
  );
  return results.violations.map(
    (v) => `${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}
