/**
 * Token-side rules that need no token: PIN format checks before C_Login, profile data against its JSON schema,
 * profile matching, the per-slot serial queue.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import { SiglaError } from '../../electron/shared/errors.js';
import { SerialQueues } from '../../electron/token/host/SerialQueue.js';
import { preparePin } from '../../electron/token/pkcs11/pinFormat.js';
import { GENERIC_PROFILE, loadProfiles, profileForModule, PROFILES_FILE } from '../../electron/token/profiles/TokenProfile.js';
import { REPO } from '../helpers/cli.js';

const cie = loadProfiles().find((p) => p.id === 'cie');
const limits = (min: number, max: number) => ({ minPinLen: min, maxPinLen: max, profile: GENERIC_PROFILE });
const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return e instanceof SiglaError ? e.code : 'OTHER';
  }
  return 'NONE';
};

describe('PIN format before C_Login', () => {
  it('refuses lengths outside ulMinPinLen..ulMaxPinLen and empty PINs with PIN_FORMAT', () => {
    assert.equal(code(() => preparePin(Buffer.from('123'), limits(4, 8), 'user')), 'PIN_FORMAT');
    assert.equal(code(() => preparePin(Buffer.from('123456789'), limits(4, 8), 'user')), 'PIN_FORMAT');
    assert.equal(code(() => preparePin(Buffer.alloc(0), limits(0, 0), 'puk')), 'PIN_FORMAT');
    assert.equal(preparePin(Buffer.from('1234'), limits(4, 8), 'user').toString(), '1234');
  });

  it('ignores limits a token does not really report (0, CK_UNAVAILABLE_INFORMATION, max < min)', () => {
    const long = Buffer.from('x'.repeat(40));
    assert.equal(preparePin(long, limits(0, 0), 'user').length, 40);
    assert.equal(preparePin(long, limits(4, 0xffffffff), 'user').length, 40);
    assert.equal(preparePin(long, limits(4, 2), 'user').length, 40);
  });

  it('CIE: the 8-digit PIN typed, the last 4 given to the module; a new PIN is kept whole', () => {
    assert.ok(cie);
    const t = { minPinLen: 8, maxPinLen: 8, profile: cie };
    assert.equal(preparePin(Buffer.from('12345678'), t, 'user').toString(), '5678');
    assert.equal(preparePin(Buffer.from('5678'), t, 'user').toString(), '5678');
    assert.equal(preparePin(Buffer.from('87654321'), t, 'new').toString(), '87654321');
    assert.equal(code(() => preparePin(Buffer.from('1234567'), t, 'user')), 'PIN_FORMAT');
    assert.equal(code(() => preparePin(Buffer.from('1234abcd'), t, 'user')), 'PIN_FORMAT');
  });
});

describe('token profiles', () => {
  it('resources/token-profiles.json is valid against its JSON schema', () => {
    const schema = JSON.parse(readFileSync(join(REPO, 'resources', 'token-profiles.schema.json'), 'utf8')) as object;
    const data = JSON.parse(readFileSync(PROFILES_FILE, 'utf8')) as unknown;
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    const validate = ajv.compile(schema);
    assert.ok(validate(data), JSON.stringify(validate.errors));
    // A broken profile is caught by the same schema.
    const broken = { profiles: [{ id: 'x', name: 'x', paths: {}, puk: { strategy: 'guess', lockedMeans: 'unusable' } }] };
    assert.equal(validate(broken), false);
  });

  it('the load-time check gives the JSON schema\'s verdict (Ajv) on the shipped file and on broken variants of it', () => {
    const schema = JSON.parse(readFileSync(join(REPO, 'resources', 'token-profiles.schema.json'), 'utf8')) as object;
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
    const shipped = JSON.parse(readFileSync(PROFILES_FILE, 'utf8')) as { profiles: Record<string, unknown>[] };
    const one = (change: (p: Record<string, unknown>) => void): unknown => {
      const copy = structuredClone(shipped);
      const p = copy.profiles.find((x) => x['id'] === 'cie') ?? copy.profiles[0];
      if (p) change(p);
      return copy;
    };
    const variants: [string, unknown][] = [
      ['shipped', shipped],
      ['not an object', []],
      ['no profiles', {}],
      ['unknown top-level key', { ...shipped, extra: 1 }],
      ['profiles not a list', { profiles: {} }],
      ['id with capitals', one((p) => (p['id'] = 'CIE'))],
      ['id missing', one((p) => delete p['id'])],
      ['name a number', one((p) => (p['name'] = 3))],
      ['unknown OS', one((p) => (p['paths'] = { beos: ['/x.so'] }))],
      ['path not a string', one((p) => (p['paths'] = { linux: [1] }))],
      ['paths a list', one((p) => (p['paths'] = ['/x.so']))],
      ['unknown profile key', one((p) => (p['pinpad'] = true))],
      ['pin minLength 0', one((p) => (p['pin'] = { minLength: 0 }))],
      ['pin maxLength 2.5', one((p) => (p['pin'] = { maxLength: 2.5 }))],
      ['pin unknown transform', one((p) => (p['pin'] = { transform: 'first4' }))],
      ['pin unknown key', one((p) => (p['pin'] = { digits: true }))],
      ['pin digitsOnly a string', one((p) => (p['pin'] = { digitsOnly: 'yes' }))],
      ['puk unknown strategy', one((p) => (p['puk'] = { strategy: 'guess', lockedMeans: 'unusable' }))],
      ['puk no lockedMeans', one((p) => (p['puk'] = { strategy: 'so-initpin' }))],
      ['puk warning without en', one((p) => (p['puk'] = { strategy: 'so-initpin', lockedMeans: 'unusable', warning: { it: 'x' } }))],
      ['notes with an extra language', one((p) => (p['notes'] = { it: 'x', en: 'y', de: 'z' }))],
      ['rescanByReinit a number', one((p) => (p['rescanByReinit'] = 1))],
      ['a minimal valid profile', { profiles: [{ id: 'x-1', name: 'X', paths: {}, puk: { strategy: 'context-initpin', lockedMeans: 'reset-by-admin' } }] }],
    ];
    const dir = mkdtempSync(join(tmpdir(), 'sigla-profiles-'));
    try {
      for (const [name, data] of variants) {
        const file = join(dir, 'p.json');
        writeFileSync(file, JSON.stringify(data));
        const schemaSays = validate(data) === true;
        const loadSays = code(() => loadProfiles(file)) === 'NONE';
        assert.equal(loadSays, schemaSays, `${name}: schema ${String(schemaSays)}, load ${String(loadSays)}`);
        if (!loadSays) assert.equal(code(() => loadProfiles(file)), 'INTERNAL', name);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('covers the middleware the issue names, per OS', () => {
    const all = loadProfiles();
    const paths = all.flatMap((p) => Object.values(p.paths).flat());
    for (const name of ['libbit4xpki.so', 'libbit4ipki.so', 'libbit4opki.so', 'bit4xpki.dll', 'libcie-pkcs11.so', 'ciepki.dll', 'opensc-pkcs11.so', 'libASEP11.so', 'libeTPkcs11.so']) {
      assert.ok(paths.some((p) => p.endsWith(name)), name);
    }
    assert.ok(paths.includes('C:\\Windows\\SysWOW64\\bit4xpki.dll'));
    for (const p of all) assert.ok(p.puk.strategy, p.id);
  });

  it('matches a module by known path, then by file name elsewhere, else the generic profile', () => {
    assert.equal(profileForModule('/usr/lib/libbit4xpki.so').id, 'bit4id');
    assert.equal(profileForModule('/opt/bit4id/lib/libbit4xpki.so').id, 'bit4id');
    assert.equal(profileForModule('D:\\Programs\\ciepki.dll').id, 'cie');
    assert.equal(profileForModule('/tmp/unknown.so').id, 'generic');
  });
});

describe('per-slot serial queue', () => {
  it('runs tasks of one slot in order across awaits, other slots in between', async () => {
    const q = new SerialQueues();
    const log: string[] = [];
    const step = (name: string, ms: number) => async () => {
      log.push(`${name}:start`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`${name}:end`);
    };
    await Promise.all([q.run('A', step('a1', 30)), q.run('A', step('a2', 1)), q.run('B', step('b1', 5))]);
    assert.ok(log.indexOf('a1:end') < log.indexOf('a2:start'), log.join(' '));
    assert.ok(log.indexOf('b1:end') < log.indexOf('a1:end'), log.join(' '));
  });

  it('a failed task does not block the next one', async () => {
    const q = new SerialQueues();
    await assert.rejects(q.run('A', () => Promise.reject(new Error('boom'))));
    assert.equal(await q.run('A', () => Promise.resolve(7)), 7);
  });
});
