#!/usr/bin/env node
// The app's icon set for electron-builder (directories.buildResources = build/), all from one SVG, build/icon.svg:
//   build/icon.png               1024×1024 (the generic icon)
//   build/icons/<N>x<N>.png      Linux (deb, AppImage), N = 16…1024
//   build/icon.ico               Windows: 16…256 px, every entry a PNG (allowed in ICO since Windows Vista)
//   build/icon.icns              macOS: ic07 (128), ic08 (256), ic09 (512), ic10 (1024, 512@2x), PNG data
// Each size is rasterized from the SVG by Debian's Chromium (headless, through playwright-core, as the e2e suites do),
// with a transparent background. The ICO and ICNS containers are written here: a directory of (size, offset, length)
// entries followed by the PNGs for ICO; 'icns' + length, then (type, length, data) chunks for ICNS, big-endian.
// Run `node scripts/make-icons.mjs` after changing build/icon.svg and commit the generated files.
import { Buffer } from 'node:buffer';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUILD = join(ROOT, 'build');
const CHROMIUM = process.env.SIGLA_CHROMIUM ?? '/usr/bin/chromium';

export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
export const ICNS_TYPES = { ic07: 128, ic08: 256, ic09: 512, ic10: 1024 };

/** An ICO file (ICONDIR, ICONDIRENTRY×n, then the images) whose entries are PNGs; `pngs` maps size → PNG. */
export function icoOf(pngs) {
  const sizes = [...pngs.keys()].sort((a, b) => a - b);
  const header = Buffer.alloc(6 + 16 * sizes.length);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(sizes.length, 4);
  let offset = header.length;
  sizes.forEach((size, i) => {
    const png = pngs.get(size);
    const e = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, e); // width, 0 means 256
    header.writeUInt8(size >= 256 ? 0 : size, e + 1); // height
    header.writeUInt8(0, e + 2); // no palette
    header.writeUInt8(0, e + 3); // reserved
    header.writeUInt16LE(1, e + 4); // colour planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(png.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...sizes.map((s) => pngs.get(s))]);
}

/** An ICNS file: 'icns', total length, then one (type, length incl. its 8-byte header, PNG) chunk per type. */
export function icnsOf(chunks) {
  const parts = chunks.map(([type, png]) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + parts.reduce((n, p) => n + p.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

/** PNGs of the SVG at each size, transparent where the SVG draws nothing. */
async function rasterize(svg, sizes) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    const out = new Map();
    for (const size of sizes) {
      await page.setViewportSize({ width: size, height: size });
      await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent"><img id="i" src="${src}" width="${size}" height="${size}" style="display:block"></body></html>`);
      await page.waitForFunction("document.getElementById('i').complete");
      out.set(size, await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } }));
    }
    return out;
  } finally {
    await browser.close();
  }
}

async function main() {
  const svg = readFileSync(join(BUILD, 'icon.svg'), 'utf8');
  const sizes = [...new Set([...LINUX_SIZES, ...ICO_SIZES, ...Object.values(ICNS_TYPES)])].sort((a, b) => a - b);
  const pngs = await rasterize(svg, sizes);
  mkdirSync(join(BUILD, 'icons'), { recursive: true });
  for (const size of LINUX_SIZES) writeFileSync(join(BUILD, 'icons', `${size}x${size}.png`), pngs.get(size));
  writeFileSync(join(BUILD, 'icon.png'), pngs.get(1024));
  writeFileSync(join(BUILD, 'icon.ico'), icoOf(new Map(ICO_SIZES.map((s) => [s, pngs.get(s)]))));
  writeFileSync(join(BUILD, 'icon.icns'), icnsOf(Object.entries(ICNS_TYPES).map(([type, size]) => [type, pngs.get(size)])));
  process.stdout.write(`build/icon.png, build/icon.ico, build/icon.icns, build/icons/{${LINUX_SIZES.map((s) => `${s}x${s}`).join(',')}}.png\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
