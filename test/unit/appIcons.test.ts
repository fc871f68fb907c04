/**
 * The app's icon set (build/, made from build/icon.svg by scripts/make-icons.mjs) as electron-builder needs it, read
 * back by the formats' own rules: PNG (signature, IHDR width/height, RGBA, a transparent corner), ICO (ICONDIR type 1,
 * one ICONDIRENTRY per size, width 0 meaning 256, each entry's bytes a PNG of that size), ICNS ('icns' + total
 * length, ic07…ic10 chunks holding PNGs of 128…1024 px); electron-builder.yml points at them; package.json names
 * its author, homepage, repository and bug tracker.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { inflateSync } from 'node:zlib';
import { load } from 'js-yaml';
import { REPO } from '../helpers/cli.js';

const BUILD = join(REPO, 'build');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface Png {
  readonly width: number;
  readonly height: number;
  readonly colourType: number;
  /** RGBA of the top-left pixel (for colour type 6, 8 bits). */
  readonly corner: readonly number[];
}

/** PNG (ISO/IEC 15948): the signature, then chunks (length, type, data, CRC); IHDR first. */
function readPng(bytes: Buffer): Png {
  assert.ok(bytes.subarray(0, 8).equals(PNG_SIGNATURE), 'PNG signature');
  assert.equal(bytes.toString('latin1', 12, 16), 'IHDR');
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  const bitDepth = bytes[24];
  const colourType = bytes[25] ?? -1;
  const idat: Buffer[] = [];
  let at = 8;
  let ended = false;
  while (at + 8 <= bytes.length) {
    const len = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT') idat.push(bytes.subarray(at + 8, at + 8 + len));
    at += 12 + len;
    if (type === 'IEND') {
      ended = true;
      break;
    }
  }
  assert.ok(ended && at === bytes.length, 'chunks end with IEND at the end of the data');
  assert.equal(bitDepth, 8);
  // The first pixel of the first row is stored as is whatever the row's filter (no left or upper neighbour).
  const raw = inflateSync(Buffer.concat(idat));
  assert.equal(raw.length, height * (1 + width * 4), 'RGBA rows');
  return { width, height, colourType, corner: [...raw.subarray(1, 5)] };
}

function checkPng(bytes: Buffer, size: number, what: string): void {
  const p = readPng(bytes);
  assert.deepEqual([p.width, p.height], [size, size], what);
  assert.equal(p.colourType, 6, `${what}: RGBA`);
  // Anti-aliasing leaves a trace at 16 px; an opaque background would be 255.
  assert.ok((p.corner[3] ?? 255) < 16, `${what}: the rounded corner is transparent (alpha ${p.corner[3]})`);
}

describe('the app icon set in build/', () => {
  it('build/icon.png is 1024×1024 RGBA with transparent corners', () => {
    checkPng(readFileSync(join(BUILD, 'icon.png')), 1024, 'icon.png');
  });

  it('build/icons/<N>x<N>.png for Linux, 16 to 1024 px, each of its size', () => {
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) checkPng(readFileSync(join(BUILD, 'icons', `${size}x${size}.png`)), size, `${size}x${size}.png`);
  });

  it('build/icon.ico: an icon directory of PNG entries from 16 to 256 px', () => {
    const ico = readFileSync(join(BUILD, 'icon.ico'));
    assert.equal(ico.readUInt16LE(0), 0, 'reserved');
    assert.equal(ico.readUInt16LE(2), 1, 'type 1: icon');
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    let end = 6 + 16 * count;
    for (let i = 0; i < count; i++) {
      const e = 6 + 16 * i;
      const size = ico[e] === 0 ? 256 : (ico[e] ?? -1);
      assert.equal(ico[e + 1], ico[e], 'square');
      assert.equal(ico.readUInt16LE(e + 4), 1, 'planes');
      assert.equal(ico.readUInt16LE(e + 6), 32, 'bits per pixel');
      const length = ico.readUInt32LE(e + 8);
      const offset = ico.readUInt32LE(e + 12);
      assert.ok(offset >= 6 + 16 * count && offset + length <= ico.length, `entry ${size} inside the file`);
      checkPng(ico.subarray(offset, offset + length), size, `ico entry ${size}`);
      sizes.push(size);
      end = Math.max(end, offset + length);
    }
    assert.deepEqual(sizes, [16, 24, 32, 48, 64, 128, 256]);
    assert.equal(end, ico.length, 'no trailing bytes');
  });

  it('build/icon.icns: ic07, ic08, ic09, ic10 chunks holding PNGs of 128, 256, 512, 1024 px', () => {
    const icns = readFileSync(join(BUILD, 'icon.icns'));
    assert.equal(icns.toString('latin1', 0, 4), 'icns');
    assert.equal(icns.readUInt32BE(4), icns.length, 'total length');
    const chunks: string[] = [];
    const expected: Record<string, number> = { ic07: 128, ic08: 256, ic09: 512, ic10: 1024 };
    let at = 8;
    while (at < icns.length) {
      const type = icns.toString('latin1', at, at + 4);
      const length = icns.readUInt32BE(at + 4);
      assert.ok(length > 8 && at + length <= icns.length, `${type} inside the file`);
      const size = expected[type];
      assert.ok(size !== undefined, `unexpected chunk ${type}`);
      checkPng(icns.subarray(at + 8, at + length), size, type);
      chunks.push(type);
      at += length;
    }
    assert.deepEqual(chunks, ['ic07', 'ic08', 'ic09', 'ic10']);
  });

  it('comes from build/icon.svg, and electron-builder.yml points at it', () => {
    assert.match(readFileSync(join(BUILD, 'icon.svg'), 'utf8'), /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    const config = load(readFileSync(join(REPO, 'electron-builder.yml'), 'utf8')) as { directories?: { buildResources?: string }; linux?: { icon?: string }; win?: { icon?: string }; mac?: { icon?: string } };
    assert.equal(config.directories?.buildResources, 'build');
    assert.equal(config.linux?.icon, 'build/icons');
    assert.equal(config.win?.icon, 'build/icon.ico');
    assert.equal(config.mac?.icon, 'build/icon.icns');
    for (const p of [config.linux.icon, config.win.icon, config.mac.icon]) assert.ok(existsSync(join(REPO, p)), p);
    assert.ok(statSync(join(REPO, 'build', 'icons')).isDirectory());
  });
});

describe('package.json', () => {
  it('names its author, homepage, repository and bug tracker, all on the one repository', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { author?: string; homepage?: string; repository?: { type?: string; url?: string }; bugs?: { url?: string } };
    assert.match(pkg.author ?? '', /^Sigla contributors <[^@\s>]+@[^@\s>]+>$/);
    const repo = /^git\+(https:\/\/github\.com\/[\w.-]+\/[\w.-]+)\.git$/.exec(pkg.repository?.url ?? '')?.[1];
    assert.ok(repo, pkg.repository?.url);
    assert.equal(pkg.repository?.type, 'git');
    assert.equal(pkg.homepage, `${repo}#readme`);
    assert.equal(pkg.bugs?.url, `${repo}/issues`);
    assert.doesNotMatch(pkg.homepage ?? '', /example\.(com|org)|localhost/);
  });
});
