/**
 * What every e2e suite shares: Debian's Chromium launched by playwright-core with the flags the brief gives (never
 * `playwright install`), the screenshots folder (test-artifacts/e2e, kept by CI), and axe-core run through DevTools
 * (the app's CSP rightly forbids inline scripts), reporting serious and critical WCAG 2.1 A/AA violations only.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO } from './cli.js';

export const CHROMIUM = '/usr/bin/chromium';
export const SHOTS = join(REPO, 'test-artifacts', 'e2e');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const AXE = join(REPO, 'node_modules', 'axe-core', 'axe.min.js');

/** Why the browser suites cannot run here, or false. */
export function browserUnavailable(): string | false {
  if (!existsSync(CHROMIUM)) return 'Debian chromium not installed';
  if (!existsSync(join(REPO, 'dist', 'renderer', 'index.html'))) return 'renderer not built';
  return false;
}

/** Chromium, headless, with the screenshots folder ready. */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** axe-core on the page as it is now: "screen: rule (impact) help ×nodes" for each serious or critical violation. */
export async function axe(page: Page, screen: string): Promise<string[]> {
  await page.evaluate(readFileSync(AXE, 'utf8'));
  const result = (await page.evaluate(
    "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) => ({ violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length })) }))",
  )) as { violations: { id: string; impact: string; help: string; nodes: number }[] };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${screen}: ${v.id} (${v.impact}) ${v.help} ×${v.nodes}`);
}
