/**
 * The only bridge between the sandboxed renderer and main: `window.sigla` with `invoke` (one IPC channel, the
 * request name checked against the contract's list) and `on` (events from main). No Node, no Electron objects leak.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';

const CHANNELS = new Set([
  'app:info', 'tokens:list', 'certs:list', 'documents:pick', 'sign:run', 'verify:run', 'pin:respond',
  'reminders:list', 'reminders:snooze', 'documents:takeOpened',
  'sign:cancel', 'documents:pdf', 'documents:reveal', 'verify:extract', 'verify:extend', 'verify:saveReport',
  'pin:run', 'tokens:profile', 'modules:list',
  'settings:get', 'settings:update', 'tsa:save', 'tsa:delete', 'tsa:test', 'trust:list', 'trust:import', 'trust:remove', 'certs:export',
  'trustLists:status', 'trustLists:update', 'trustLists:cancel', 'trustLists:import',
  'documents:text', 'documents:open',
  'verify:content', 'verify:openContent', 'verify:saveContent',
  'pdfa:status', 'pdfa:convert',
  'pec:profiles', 'pec:check',
  'browsers:status', 'browsers:register', 'browsers:unregister', 'browsers:test',
]);
const EVENTS = new Set(['pin:request', 'pin:pinpad', 'tokens:changed', 'sign:progress', 'reminders:due', 'reminders:show', 'documents:opened', 'trustLists:progress', 'trustLists:changed']);

contextBridge.exposeInMainWorld('sigla', {
  invoke: (channel: string, args: unknown): Promise<unknown> =>
    CHANNELS.has(channel) ? ipcRenderer.invoke('sigla:invoke', channel, args) : Promise.resolve({ ok: false, error: { code: 'USAGE', message: 'unknown channel' } }),
  // Dropped files: their paths stay in this isolated world and go straight to main, which checks them again.
  dropFiles: (files: ArrayLike<unknown>, purpose: unknown): Promise<unknown> => {
    const list = Array.from(files ?? []).filter((f): f is File => f instanceof File).slice(0, 500);
    const paths = list.map((f) => webUtils.getPathForFile(f)).filter((p) => p !== '');
    return ipcRenderer.invoke('sigla:drop', purpose, paths);
  },
  on: (event: string, listener: (payload: unknown) => void): (() => void) => {
    if (!EVENTS.has(event)) return () => undefined;
    const wrapped = (_e: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(`sigla:event:${event}`, wrapped);
    return () => ipcRenderer.removeListener(`sigla:event:${event}`, wrapped);
  },
});
