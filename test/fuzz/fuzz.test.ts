/**
 * The short seeded fuzz run of `npm test` (issue 11 item 8; the long one is `npm run fuzz`): mutants of the test
 * fixtures only (no corpus), a fixed seed, at most 1000 mutants or 30 s of mutation, verified with a 512 MB heap and a
 * 10 s limit each. Every fixture passes unmutated; then no mutant may give a false positive (a signature whose
 * signed bytes changed reported valid), an internal error, a hang or an OOM. Findings are saved under
 * test-artifacts/fuzz/seed-20250611/ with the mutated file and how to reproduce it.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO, tool } from '../helpers/cli.js';
import { printSummary, runFuzz } from './fuzz.js';

const skip = tool('openssl', ['version']).status === 0 ? false : 'openssl missing';
const SEED = 20250611;

describe('fuzz (short seeded run over the fixtures)', { skip }, () => {
  it('no false positive, internal error, hang or OOM', { timeout: 300_000 }, async () => {
    const s = await runFuzz({
      seed: SEED,
      count: 1000,
      seconds: 30,
      corpus: null,
      fixtures: true,
      workers: 2,
      timeoutMs: 10_000,
      heapMb: 512,
      rssLimitMb: 1024,
      cliFraction: 0.02,
      keep: 20,
      out: join(REPO, 'test-artifacts', 'fuzz'),
      maxInputBytes: 8 << 20,
      log: () => undefined,
    });
    let text = '';
    printSummary(s, (x) => (text += x));
    // The oracle only means something if the originals pass and mutants were really verified.
    assert.deepEqual(s.notes.filter((n) => n.startsWith('fixture ')), [], text);
    assert.ok(s.inputs >= 11, text);
    assert.ok(s.mutants >= 50, text);
    assert.deepEqual(s.counts, { falsePositive: 0, internal: 0, hang: 0, oom: 0 }, text);
  });
});
