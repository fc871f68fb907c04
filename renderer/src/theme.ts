/**
 * The colour theme on <html data-theme>: "system" follows `prefers-color-scheme`, "light" and "dark" fix it (the
 * palette in styles.css reads the attribute through color-scheme). The `theme` setting is main's (settings.json);
 * the last one applied is also kept in localStorage so the next start paints in it before the settings arrive.
 */
export type Theme = 'system' | 'light' | 'dark';
const STORAGE_KEY = 'sigla.theme';

function isTheme(v: unknown): v is Theme {
  return v === 'system' || v === 'light' || v === 'dark';
}

/** Puts the theme on the document root and remembers it for the next start. */
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset['theme'] = theme;
  try {
    window.localStorage.setItem(STORAGE_KEY, theme);
  } catch {
    // Storage unavailable: the settings' theme is applied again once they load.
  }
}

/** At start, before the first paint: the theme applied last time ("system" the first time). */
export function initTheme(): void {
  document.documentElement.dataset['theme'] = storedTheme();
}

function storedTheme(): Theme {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    return isTheme(v) ? v : 'system';
  } catch {
    return 'system';
  }
}
