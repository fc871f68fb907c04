/**
 * Every colour of the renderer comes from the palette in styles.css (`:root`, light-dark() pairs), so the dark theme
 * and the AA contrast checked by the e2e suite hold for every screen: no CSS file of renderer/src names a colour
 * outside that block (hex, rgb()/hsl(), white/black), and every palette entry but the fixed ones has a dark value.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { REPO } from '../helpers/cli.js';

const SRC = join(REPO, 'renderer', 'src');
const COLOUR = /#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch)\(|:\s*(?:white|black)\b/gi;
/** Palette entries that are the same in both themes on purpose. */
const FIXED = new Set(['--paper', '--backdrop', '--radius', '--radius-small', '--font', '--mono', '--shadow', '--shadow-dialog']);

function cssFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? cssFiles(join(dir, e.name)) : e.name.endsWith('.css') ? [join(dir, e.name)] : []));
}

/** The text of the first `:root {…}` block of styles.css (the palette) and the file without it. */
function palette(): { block: string; rest: string } {
  const css = readFileSync(join(SRC, 'styles.css'), 'utf8');
  const start = css.indexOf(':root {');
  assert.ok(start >= 0, 'styles.css has a :root palette');
  const end = css.indexOf('\n}', start);
  return { block: css.slice(start, end), rest: css.slice(0, start) + css.slice(end) };
}

const withoutComments = (css: string): string => css.replace(/\/\*[\s\S]*?\*\//g, '');

describe('renderer palette', () => {
  it('no colour is named outside the palette', () => {
    const found: string[] = [];
    for (const file of cssFiles(SRC)) {
      const text = withoutComments(file.endsWith(join('src', 'styles.css')) ? palette().rest : readFileSync(file, 'utf8'));
      for (const m of text.matchAll(COLOUR)) found.push(`${relative(REPO, file)}: ${m[0]}`);
    }
    assert.deepEqual(found, []);
  });

  it('every palette colour has a light and a dark value', () => {
    const entries = [...withoutComments(palette().block).matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)];
    assert.ok(entries.length > 20);
    const single = entries.filter(([, name, value]) => !FIXED.has(name!) && !/^light-dark\(/.test(value!.trim())).map(([, name]) => name);
    assert.deepEqual(single, []);
  });
});
