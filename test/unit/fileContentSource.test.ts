/**
 * A file as the engine's content source reads ahead (the next chunk is read while the consumer hashes this one):
 * every byte arrives once, in order, whatever the size against the chunk size; a consumer that stops early leaves no
 * file open; each chunk stays intact until the next one is asked for.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileContentSource } from '../../electron/io/FileContentSource.js';

const dir = mkdtempSync(join(tmpdir(), 'sigla-source-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const MIB = 1 << 20;
const openFiles = (): number => readdirSync('/proc/self/fd').length;

describe('file content source', () => {
  for (const size of [0, 1, MIB - 1, MIB, MIB + 1, 3 * MIB + 12345]) {
    it(`delivers the ${size} bytes of a file once, in order, each chunk intact until the next is asked for`, async () => {
      const bytes = randomBytes(size);
      const file = join(dir, `f${size}`);
      writeFileSync(file, bytes);
      const source = fileContentSource(file);
      assert.equal(source.size, size);
      const h = createHash('sha256');
      let n = 0;
      for await (const chunk of source.open()) {
        const copy = Buffer.from(chunk);
        // Let the read-ahead run before the chunk is used: it must not write into this chunk.
        await new Promise((r) => setTimeout(r, 5));
        assert.deepEqual(Buffer.from(chunk), copy);
        assert.deepEqual(copy, bytes.subarray(n, n + chunk.length));
        h.update(chunk);
        n += chunk.length;
      }
      assert.equal(n, size);
      assert.equal(h.digest('hex'), createHash('sha256').update(bytes).digest('hex'));
    });
  }

  it('closes the file when the consumer stops after the first chunk (with a read in flight)', { skip: process.platform !== 'linux' }, async () => {
    const file = join(dir, 'stop');
    writeFileSync(file, randomBytes(4 * MIB));
    const before = openFiles();
    for await (const chunk of fileContentSource(file).open()) {
      assert.equal(chunk.length, MIB);
      break;
    }
    assert.equal(openFiles(), before);
  });
});
