/**
 * Impostazioni's tabs: their ids (also the address, `#/impostazioni/<id>`, so that a link can open one) and the
 * locale key of each name.
 */
export const SETTINGS_TABS = ['generale', 'dispositivi', 'marca-temporale', 'rete', 'fiducia', 'promemoria'] as const;
export type SettingsTab = (typeof SETTINGS_TABS)[number];

/** The tab an address names (`#/impostazioni/fiducia`), else the first. */
export function tabFromHash(hash: string): SettingsTab {
  const sub = hash.replace(/^#\/?/, '').split('/')[1] ?? '';
  return (SETTINGS_TABS as readonly string[]).includes(sub) ? (sub as SettingsTab) : 'generale';
}

/** The tab `key` steps to from `current` (WAI-ARIA Authoring Practices, tabs: arrows wrap, Home, End); null if none. */
export function tabAfterKey(current: SettingsTab, key: string): SettingsTab | null {
  const i = SETTINGS_TABS.indexOf(current);
  const n = SETTINGS_TABS.length;
  const to = key === 'ArrowRight' || key === 'ArrowDown' ? (i + 1) % n : key === 'ArrowLeft' || key === 'ArrowUp' ? (i - 1 + n) % n : key === 'Home' ? 0 : key === 'End' ? n - 1 : -1;
  return to < 0 ? null : (SETTINGS_TABS[to] ?? null);
}
