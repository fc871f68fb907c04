/**
 * `sigla reminders`: signing certificates seen by `sigla certs` or a signature are remembered (fingerprint, name,
 * validity) and listed when they expire within the asked number of days; authentication certificates are not.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sigla } from '../helpers/cli.js';
import { cleanup, hasSoftHsm, makeTestPki, makeTestToken, type TestPki, type TestToken } from '../helpers/testPki.js';

describe('sigla reminders', { skip: hasSoftHsm() ? false : 'SoftHSM2 missing' }, () => {
  let pki: TestPki;
  let tok: TestToken;
  let env: NodeJS.ProcessEnv;
  before(() => {
    pki = makeTestPki();
    tok = makeTestToken({ label: 'Promemoria', identities: [pki.signer, pki.auth] });
    env = { ...tok.env, SIGLA_DATA_DIR: mkdtempSync(join(tmpdir(), 'sigla-rem-')) };
  });
  after(() => cleanup(pki.dir, tok.dir, env['SIGLA_DATA_DIR'] ?? ''));

  it('remembers the signature certificate seen by sigla certs and lists it by days left', () => {
    assert.equal(sigla(['certs', '--module', tok.module, '--json'], { env }).status, 0);
    let r = sigla(['reminders', '--days', '400', '--json'], { env });
    assert.equal(r.status, 0, r.stderr);
    const list = JSON.parse(r.stdout) as { name: string; daysLeft: number; fingerprintSha256: string }[];
    assert.equal(list.length, 1, 'only the nonRepudiation certificate, not the CNS one');
    assert.ok((list[0]?.daysLeft ?? 0) > 300 && (list[0]?.daysLeft ?? 0) <= 366);
    r = sigla(['reminders', '--days', '30', '--json'], { env });
    assert.deepEqual(JSON.parse(r.stdout), []);
    // The office's own renewal instructions are shown with the reminder.
    writeFileSync(join(env['SIGLA_DATA_DIR'] ?? '', 'settings.json'), JSON.stringify({ renewalInstructions: 'Prenota il rinnovo allo sportello 3 (tel. 0123 456789).' }));
    r = sigla(['reminders', '--days', '400'], { env });
    assert.match(r.stdout, /Scade tra \d+ giorni/);
    assert.match(r.stdout, /sportello 3/);
    const stored = readFileSync(join(env['SIGLA_DATA_DIR'] ?? '', 'certificates.json'), 'utf8');
    assert.doesNotMatch(stored, /BEGIN CERTIFICATE|MII/);
  });
});
