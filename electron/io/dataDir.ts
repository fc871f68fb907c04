import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Sigla's per-user data folder, the one Electron's `app.getPath('userData')` gives the desktop app, so the CLI and
 * the app share it: `$XDG_CONFIG_HOME/Sigla` (default `~/.config/Sigla`) on Linux, `%APPDATA%\Sigla` on Windows,
 * `~/Library/Application Support/Sigla` on macOS. `SIGLA_DATA_DIR` overrides it (tests).
 */
export function dataDir(env: NodeJS.ProcessEnv = process.env, platform: string = process.platform): string {
  const override = env['SIGLA_DATA_DIR'];
  if (override) return override;
  if (platform === 'win32') return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'Sigla');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Sigla');
  return join(env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), 'Sigla');
}
