/**
 * Waits until `check` holds, asking again every 50 ms; fails after `timeoutMs` saying what it
 * waited for. Tests wait on what Ardour does, never for a fixed time: on a loaded machine Ardour
 * is slow, and the limit is only there so that a real failure does not hang.
 */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms until ${what}, in vain`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
