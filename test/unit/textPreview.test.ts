/**
 * `documents:text` (electron/app/textPreview.ts), Firma's text preview: bounded to 64 KiB whatever the file's size,
 * UTF-8 (BOM dropped, a character cut at the boundary left out), Windows-1252 when the bytes are not UTF-8 (bytes
 * made by iconv, not by us), NUL bytes mean binary and nothing is returned, and a FIFO or a folder is a coded refusal,
 * never a blocked read. Also: only files Sigla wrote are marked as outputs (what `documents:open` accepts).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DocumentRegistry } from '../../electron/app/DocumentRegistry.js';
import { readTextPreview, TEXT_PREVIEW_BYTES } from '../../electron/app/textPreview.js';
import { SiglaError } from '../../electron/shared/errors.js';
import { cleanup } from '../helpers/testPki.js';

describe('text preview before signing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sigla-textpreview-'));
  after(() => cleanup(dir));
  const file = (name: string, bytes: Uint8Array | string): string => {
    const p = join(dir, name);
    writeFileSync(p, bytes);
    return p;
  };
  const preview = (p: string): ReturnType<typeof readTextPreview> => readTextPreview(p, statSync(p).size);

  it('reads UTF-8, without its BOM', () => {
    const p = file('utf8.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Il Consiglio approva all’unanimità.\n')]));
    assert.deepEqual(preview(p), { text: 'Il Consiglio approva all’unanimità.\n', truncated: false, binary: false });
  });

  it('reads Windows-1252 text (as iconv writes it) when it is not UTF-8', { skip: spawnSync('iconv', ['--version']).error ? 'iconv missing' : false }, () => {
    const p = join(dir, 'cp1252.txt');
    const r = spawnSync('sh', ['-c', `printf 'Perché è così € 5\\n' | iconv -f UTF-8 -t WINDOWS-1252 > '${p}'`]);
    assert.equal(r.status, 0, String(r.stderr));
    assert.deepEqual(preview(p), { text: 'Perché è così € 5\n', truncated: false, binary: false });
  });

  it('reads at most 64 KiB of a large file, leaving out a character cut at the boundary', () => {
    // 'à' is two bytes in UTF-8: with an odd prefix one of them straddles the 64 KiB boundary.
    const p = file('big.txt', 'x' + 'à'.repeat(TEXT_PREVIEW_BYTES));
    const r = preview(p);
    assert.equal(r.truncated, true);
    assert.equal(r.binary, false);
    assert.ok(!r.text.includes('\ufffd'), 'no replacement character');
    assert.equal(Buffer.byteLength(r.text), TEXT_PREVIEW_BYTES - 1);
  });

  it('says binary and returns nothing for bytes with NUL', () => {
    const p = file('image.bin', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x0d, 0x0a]));
    assert.deepEqual(preview(p), { text: '', truncated: false, binary: true });
  });

  it('refuses a folder and a FIFO with a coded error, without blocking', { skip: spawnSync('mkfifo', ['--version']).error ? 'mkfifo missing' : false }, () => {
    const fifo = join(dir, 'pipe');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    for (const p of [dir, fifo]) {
      assert.throws(
        () => readTextPreview(p, 0),
        (e: unknown) => e instanceof SiglaError && e.code === 'INPUT_NOT_REGULAR',
      );
    }
  });

  it('marks as outputs only the files registered as written by Sigla', () => {
    const reg = new DocumentRegistry();
    const input = reg.register(file('input.txt', 'a'));
    const output = reg.registerOutput(file('input.txt.p7m', 'b'));
    assert.equal(reg.isOutput(input.id), false);
    assert.equal(reg.isOutput(output.id), true);
    assert.equal(reg.isOutput('unknown-id-000'), false);
  });
});
