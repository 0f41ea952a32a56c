import { join } from 'node:path';
import { describeAdapterContract } from '@tapeop/core/testing';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ardourContractSetup } from './support/contract-setup.js';

// The core contract suite against the real, headless Ardour 7.3. A bus with ACE EQ on it gives
// the snapshot checks plug-in parameters to work on.
describeAdapterContract({
  name: 'Ardour 7.3 (headless)',
  runner: { describe, it, beforeAll, afterAll },
  timeoutMs: 120_000,
  setup: () =>
    ardourContractSetup({ setupLua: join(import.meta.dirname, 'fixtures', 'mastering-bus.lua') }),
});
