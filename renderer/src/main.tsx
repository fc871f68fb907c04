/**
 * Entry point. The only bridge to the app is `window.sigla` (see api.ts). A fake bridge for manual UI work
 * (devMock.ts) is installed only when all hold: the build allows it (dev server, or a build made with
 * VITE_SIGLA_MOCK=1), the URL has `?mock=1`, and no real bridge is present. Production builds do not contain it.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { initI18n } from './i18n';
import { initTheme } from './theme';
import './styles.css';

async function start(): Promise<void> {
  if ((import.meta.env.DEV || import.meta.env.VITE_SIGLA_MOCK === '1') && new URLSearchParams(window.location.search).get('mock') === '1' && !window.sigla) {
    const { installDevMock } = await import('./devMock');
    installDevMock();
  }
  initTheme();
  initI18n();
  const root = document.getElementById('root');
  if (!root) throw new Error('missing #root');
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

void start();
