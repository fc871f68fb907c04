/** `sigla modules`: the PKCS#11 modules found on this machine and what their profile says, without a token host. */
import { discoverModules } from '../../token/moduleDiscovery.js';
import { loadProfiles, profileForModule } from '../../token/profiles/TokenProfile.js';
import type { Lang } from '../../shared/i18n/locale.js';
import { cliText } from '../../shared/i18n/cliText.js';

export function runModules(json: boolean, lang: Lang, explicit?: string): number {
  const found = discoverModules(explicit).map((m) => {
    const p = profileForModule(m.path, loadProfiles());
    return { ...m, pukStrategy: p.puk.strategy, pukLockedMeans: p.puk.lockedMeans, ...(p.notes ? { notes: p.notes[lang] } : {}) };
  });
  if (json) process.stdout.write(JSON.stringify(found, null, 2) + '\n');
  else if (found.length === 0) process.stdout.write(`${cliText('noModules', lang)}\n`);
  else for (const m of found) process.stdout.write(`${m.path}  (${m.name})\n${m.notes ? `  ${m.notes}\n` : ''}`);
  return 0;
}
