/**
 * Temp outputs (electron/io/tempFiles.ts, AtomicFile.ts): stale temp files of dead Sigla processes are swept, live
 * owners' and foreign files are kept, and the output is checked against the inputs again right before the rename.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { AtomicFile, writeAtomically } from '../../electron/io/AtomicFile.js';
import { openTempCount, sweepStaleTemps, tempPathFor } from '../../electron/io/tempFiles.js';
import { SiglaError } from '../../electron/shared/errors.js';

const HOST = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);

/** Start time (clock ticks after boot) of a live process, from /proc as `ps` reads it. */
function startOf(pid: number): string {
  const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  return text.slice(text.lastIndexOf(')') + 2).split(' ')[19] ?? '';
}

describe('temp files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sigla-temps-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('are hidden, carry the owner pid and stay within NAME_MAX for long names', () => {
    const t = tempPathFor(join(dir, `${'x'.repeat(250)}.pdf`));
    const name = t.slice(dir.length + 1);
    assert.match(name, new RegExp(`^\\.x+\\.sigla-${HOST}-${process.pid}-\\d+-[0-9a-f]{12}\\.part$`));
    assert.ok(Buffer.byteLength(name) <= 255);
  });

  it('names stay distinct and random across refills of the random pool (thousands in one batch)', () => {
    const parts = Array.from({ length: 2000 }, () => /-([0-9a-f]{12})\.part$/.exec(tempPathFor(join(dir, 'a.p7m')))?.[1] ?? '');
    assert.ok(parts.every((p) => p.length === 12));
    assert.equal(new Set(parts).size, parts.length);
    // Not a counter: consecutive names share no long common prefix as a sequence would.
    const sequential = parts.slice(1).filter((p, i) => p.slice(0, 8) === parts[i]?.slice(0, 8)).length;
    assert.ok(sequential < 5, `${sequential} consecutive names share their first 8 hex digits`);
  });

  it('the sweep removes those of dead owners (and of a reused pid), keeps live, foreign and unrelated files', { skip: process.platform !== 'linux' && 'needs /proc' }, async () => {
    const d = mkdtempSync(join(dir, 'sweep-'));
    // A process that has ended: its pid is free (or, if reused, with another start time).
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(gone.stdout);
    // A live process: its file must stay.
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      const livePid = live.pid ?? 0;
      await new Promise((r) => setTimeout(r, 200));
      const liveStart = startOf(livePid);
      const names = {
        dead: `.a.txt.p7m.sigla-${HOST}-${deadPid}-123-0123456789ab.part`,
        reused: `.b.txt.p7m.sigla-${HOST}-${livePid}-${Number(liveStart) + 1}-0123456789ab.part`,
        live: `.c.txt.p7m.sigla-${HOST}-${livePid}-${liveStart}-0123456789ab.part`,
        otherHost: `.d.txt.p7m.sigla-${HOST === '00000000' ? '11111111' : '00000000'}-${deadPid}-123-0123456789ab.part`,
        userFile: '.e.txt.p7m.0123456789ab.part',
        plain: 'f.txt',
      };
      for (const n of Object.values(names)) writeFileSync(join(d, n), 'x');
      const removed = sweepStaleTemps(d).sort();
      assert.deepEqual(removed, [names.dead, names.reused].sort());
      assert.deepEqual(readdirSync(d).sort(), [names.live, names.otherHost, names.userFile, names.plain].sort());
    } finally {
      live.kill('SIGKILL');
    }
  });

  it('an open temp file is registered until committed or discarded', async () => {
    const target = join(dir, 'registered.bin');
    const before = openTempCount();
    await writeAtomically(target, { force: false, inputs: [] }, async (sink) => {
      assert.equal(openTempCount(), before + 1);
      await sink.write(new Uint8Array([1, 2, 3]));
    });
    assert.equal(openTempCount(), before);
    await assert.rejects(
      writeAtomically(join(dir, 'failed.bin'), { force: false, inputs: [] }, () => Promise.reject(new Error('boom'))),
      /boom/,
    );
    assert.equal(openTempCount(), before);
    assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.part')), []);
  });

  it('the output is checked against the inputs again right before the rename', async () => {
    const d = mkdtempSync(join(dir, 'recheck-'));
    const input = join(d, 'doc.txt');
    writeFileSync(input, 'originale\n');
    const target = join(d, 'doc.txt.p7m');
    const f = AtomicFile.create(target, { force: true, inputs: [input] });
    await f.write(new TextEncoder().encode('firmato'));
    // Meanwhile the output path became a link to the input.
    symlinkSync('doc.txt', target);
    assert.throws(
      () => f.commit(),
      (e: unknown) => e instanceof SiglaError && e.code === 'OUTPUT_IS_INPUT' && e.exitCode === 2,
    );
    assert.equal(readFileSync(input, 'utf8'), 'originale\n');
    assert.deepEqual(readdirSync(d).sort(), ['doc.txt', 'doc.txt.p7m']);
    unlinkSync(target);
    assert.equal(existsSync(f.tempPath), false);
  });

  it('an uncaught exception mid-write leaves no temp file (removed at exit)', () => {
    const d = mkdtempSync(join(dir, 'uncaught-'));
    const script = `
      const { AtomicFile } = require(${JSON.stringify(join(__dirname, '..', '..', 'electron', 'io', 'AtomicFile.js'))});
      const { installTempCleanup } = require(${JSON.stringify(join(__dirname, '..', '..', 'electron', 'io', 'tempFiles.js'))});
      installTempCleanup(() => process.exit(11));
      const f = AtomicFile.create(${JSON.stringify(join(d, 'out.p7m'))}, { force: false, inputs: [] });
      void f.write(new Uint8Array(1024)).then(() => { console.log(require('node:fs').readdirSync(${JSON.stringify(d)}).length); throw new Error('a bug'); });
    `;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stdout.trim(), '1', 'the temp file existed before the exception');
    assert.deepEqual(readdirSync(d), []);
  });

  it('a write into a missing folder is OUTPUT_FOLDER_MISSING with the system error kept as cause', () => {
    assert.throws(
      () => AtomicFile.create(join(dir, 'missing', 'x.p7m'), { force: false, inputs: [] }),
      (e: unknown) => e instanceof SiglaError && e.code === 'OUTPUT_FOLDER_MISSING' && (e.cause as NodeJS.ErrnoException).code === 'ENOENT',
    );
  });
});
