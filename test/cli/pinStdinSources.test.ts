/**
 * `--pin-stdin` from each kind of stdin (cli/pinInput.ts): a regular file is read synchronously (no stream is made,
 * issue 13) and gives the first line, a pipe and a socket through the stream; a command waiting on a pipe or socket
 * that nobody writes to still ends on SIGTERM (a blocking read would hold the signal off until stdin closes).
 * Outputs are checked by `openssl cms -verify`.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EXIT } from '../../electron/shared/errors.js';
import { SIGLA, tool } from '../helpers/cli.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';

describe('--pin-stdin sources', () => {
  let pki: TestPki;
  let dir: string;
  let doc: string;
  before(() => {
    pki = makeTestPki();
    dir = mkdtempSync(join(tmpdir(), 'sigla-pinstdin-'));
    doc = join(dir, 'delibera.txt');
    writeFileSync(doc, 'Delibera n. 7\n');
  });
  after(() => cleanup(pki.dir, dir));

  const signArgs = (out: string): string[] => [SIGLA, 'sign', doc, '--format', 'cades', '--p12', pki.signer.p12, '--pin-stdin', '--out', out];
  const verifies = (out: string): void => {
    const v = tool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', out, '-CAfile', pki.rootPem, '-purpose', 'any', '-out', '/dev/null']);
    assert.equal(v.status, 0, v.stderr);
  };

  it('a regular file: its first line is the password (later lines are not read as it)', () => {
    const pw = join(dir, 'pw.txt');
    writeFileSync(pw, `${pki.signer.p12Password}\nsomething else\n`);
    const fd = openSync(pw, 'r');
    try {
      const out = join(dir, 'file.p7m');
      const r = spawnSync(process.execPath, signArgs(out), { stdio: [fd, 'pipe', 'pipe'], encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      verifies(out);
    } finally {
      closeSync(fd);
    }
  });

  it('a regular file with a wrong password: P12_PASSWORD (exit 3); an empty file: stdin ended (exit 2)', () => {
    for (const [content, exit] of [['sbagliata\n', 3], ['', 2]] as const) {
      const pw = join(dir, `pw-${exit}.txt`);
      writeFileSync(pw, content);
      const fd = openSync(pw, 'r');
      try {
        const out = join(dir, `bad-${exit}.p7m`);
        const r = spawnSync(process.execPath, signArgs(out), { stdio: [fd, 'pipe', 'pipe'], encoding: 'utf8' });
        assert.equal(r.status, exit, r.stderr);
        assert.equal(existsSync(out), false);
      } finally {
        closeSync(fd);
      }
    }
  });

  it('a shell pipe (FIFO) and a socket (spawn) give the password too', () => {
    const viaShell = join(dir, 'fifo.p7m');
    const sh = spawnSync('sh', ['-c', `printf '%s\\n' "$PW" | "$NODE" "$@"`, 'sh', ...signArgs(viaShell)], { env: { ...process.env, PW: pki.signer.p12Password, NODE: process.execPath }, encoding: 'utf8' });
    assert.equal(sh.status, 0, sh.stderr);
    verifies(viaShell);
    const viaSocket = join(dir, 'socket.p7m');
    const r = spawnSync(process.execPath, signArgs(viaSocket), { input: `${pki.signer.p12Password}\n`, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    verifies(viaSocket);
  });

  it('waiting on a socket nobody writes to, SIGTERM still ends the command, with no output left', { timeout: 60_000 }, async () => {
    const out = join(dir, 'never.p7m');
    const child = spawn(process.execPath, signArgs(out), { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Give it time to reach the read of stdin, then signal; stdin stays open (never written, never closed).
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGTERM');
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((r) => child.on('exit', (c, s) => r([c, s])));
    child.stdin.destroy();
    // Sigla ends a signalled command as cancelled (exit 11, "Operazione annullata"), removing what it had started.
    assert.equal(signal, null);
    assert.equal(code, EXIT.CANCELLED, stderr);
    assert.equal(existsSync(out), false);
  });
});
