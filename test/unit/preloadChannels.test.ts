/**
 * The sandboxed preload cannot load the contract (zod), so it lists the request channels and events it lets
 * through; this keeps that list equal to the contract's, so a new request is neither forgotten nor let through
 * without a schema.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EVENTS, REQUESTS } from '../../electron/shared/ipc/contract.js';
import { REPO } from '../helpers/cli.js';

function listed(source: string, name: string): string[] {
  const m = new RegExp(`const ${name} = new Set\\(\\[([^\\]]*)\\]\\)`).exec(source);
  assert.ok(m, `${name} not found in preload.ts`);
  return [...(m[1] ?? '').matchAll(/'([^']+)'/g)].map((x) => x[1] ?? '').sort();
}

describe('preload channel lists', () => {
  const source = readFileSync(join(REPO, 'electron', 'preload', 'preload.ts'), 'utf8');
  it('lets through exactly the contract requests', () => assert.deepEqual(listed(source, 'CHANNELS'), Object.keys(REQUESTS).sort()));
  it('forwards exactly the contract events', () => assert.deepEqual(listed(source, 'EVENTS'), Object.keys(EVENTS).sort()));
});
