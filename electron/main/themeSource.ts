/**
 * The theme setting, for Electron's `nativeTheme.themeSource`: native dialogs and menus, the window frame where the
 * system draws one, and the page's `prefers-color-scheme` follow the choice made in Impostazioni (the renderer puts
 * the same choice on <html data-theme>). Read from main's own answers to settings:get and settings:update.
 */
import type { Result } from '../shared/ipc/contract.js';

export type ThemeSource = 'system' | 'light' | 'dark';

/** The theme in a successful settings:get / settings:update answer; undefined for any other channel or answer. */
export function themeSource(channel: string, result: Result<unknown>): ThemeSource | undefined {
  if ((channel !== 'settings:get' && channel !== 'settings:update') || !result.ok) return undefined;
  const theme = (result.value as { theme?: unknown } | null)?.theme;
  return theme === 'system' || theme === 'light' || theme === 'dark' ? theme : undefined;
}
