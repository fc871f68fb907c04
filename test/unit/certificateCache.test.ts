/**
 * Certificates parsed once per process (core/cert/certificateCache.ts): the cache is bounded (least recently used
 * entry evicted), a certificate is recognised by its bytes whatever buffer holds them, and a refusal is never
 * remembered. Certificates made by `openssl req -x509`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LruCache } from '../../electron/core/cert/certificateCache.js';
import { parseCertificate } from '../../electron/core/cert/parseCertificate.js';
import { certificateInfo } from '../../electron/core/cert/CertificateInfo.js';
import { SiglaError } from '../../electron/shared/errors.js';
import { tool } from '../helpers/cli.js';
import { cleanup } from '../helpers/testPki.js';

describe('LruCache', () => {
  it('keeps at most its limit, evicting the least recently used', () => {
    const c = new LruCache<number>(3);
    c.set('a', 1);
    c.set('b', 2);
    c.set('c', 3);
    assert.equal(c.get('a'), 1); // a is now the most recent: b is the oldest
    c.set('d', 4);
    assert.equal(c.size, 3);
    assert.equal(c.get('b'), undefined);
    assert.deepEqual([c.get('a'), c.get('c'), c.get('d')], [1, 3, 4]);
  });

  it('getOrMake makes once, and does not remember a throw', () => {
    const c = new LruCache<string>(2);
    let made = 0;
    const make = (): string => `v${++made}`;
    assert.equal(c.getOrMake('k', make), 'v1');
    assert.equal(c.getOrMake('k', make), 'v1');
    assert.equal(made, 1);
    assert.throws(() => c.getOrMake('bad', () => {
      throw new Error('no');
    }));
    assert.equal(c.get('bad'), undefined);
  });
});

const skip = tool('openssl', ['version']).status === 0 ? false : 'openssl missing';

describe('parseCertificate and certificateInfo, cached', { skip }, () => {
  let dir: string;
  const der: Buffer[] = [];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sigla-certcache-'));
    for (const cn of ['Uno', 'Due']) {
      const r = tool('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, `${cn}.key`),
        '-subj', `/CN=${cn}`, '-days', '30', '-outform', 'DER', '-out', join(dir, `${cn}.der`)]);
      assert.equal(r.status, 0, r.stderr);
      der.push(readFileSync(join(dir, `${cn}.der`)));
    }
  });
  after(() => cleanup(dir));

  it('the same bytes in another buffer give the same parsed certificate; other bytes another one', () => {
    const [one, two] = der as [Buffer, Buffer];
    const copy = new Uint8Array(one.length + 8).subarray(8);
    copy.set(one);
    assert.equal(parseCertificate(copy), parseCertificate(one));
    assert.notEqual(parseCertificate(two), parseCertificate(one));
    assert.equal(parseCertificate(two).subject, 'CN=Due');
    assert.equal(certificateInfo(copy), certificateInfo(one));
    assert.equal(certificateInfo(two).commonName, 'Due');
    assert.ok(Object.isFrozen(certificateInfo(one)));
  });

  it('damaged bytes are refused every time, and the intact certificate still reads', () => {
    const bad = Buffer.from(der[0] as Buffer);
    bad[1] = (bad[1] as number) ^ 0x01;
    for (let i = 0; i < 2; i++) assert.throws(() => parseCertificate(bad), (e: unknown) => e instanceof SiglaError && e.code === 'INPUT_FORMAT');
    assert.equal(certificateInfo(der[0] as Buffer).commonName, 'Uno');
  });
});
