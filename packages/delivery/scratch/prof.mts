import { open, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { copyPcm } from '../src/io/pcm-segments.ts';
const dir = '/tmp/delivery-work'; const src = `${dir}/p.raw`;
const N = 846_000_000; const chunk = Buffer.alloc(4 << 20, 7);
{ const h = await open(src, 'w'); for (let at = 0; at < N; at += chunk.length) await h.write(chunk, 0, Math.min(chunk.length, N - at), at); await h.close(); }
const seg = [{ kind: 'file' as const, path: src, offset: 0, bytes: N }];
for (let r = 0; r < 3; r++) {
  let t = performance.now();
  const h1 = createHash('md5'); const f = await open(src, 'r'); const b = Buffer.allocUnsafe(4 << 20);
  for (let at = 0; at < N; at += b.length) { const { bytesRead } = await f.read(b, 0, b.length, at); h1.update(b.subarray(0, bytesRead)); } await f.close();
  const tHashRead = performance.now() - t;
  t = performance.now(); { const o = await open(`${dir}/o.raw`, 'w'); await copyPcm(seg, o, 0, {}); await o.close(); }
  const tCopy = performance.now() - t;
  t = performance.now(); { const o = await open(`${dir}/o.raw`, 'w'); await copyPcm(seg, o, 0, { md5: true }); await o.close(); }
  const tCopyHash = performance.now() - t;
  t = performance.now(); createHash('md5').update(Buffer.alloc(N)).digest(); const tHashOnly = performance.now() - t;
  console.log({ tHashRead: Math.round(tHashRead), tCopy: Math.round(tCopy), tCopyHash: Math.round(tCopyHash), tHashOnly: Math.round(tHashOnly) });
}
await rm(src); await rm(`${dir}/o.raw`);
