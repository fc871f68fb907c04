/**
 * The dev mock's (devMock.ts) settings, TSA accounts, trust anchors and certificate export, kept in memory: enough
 * to work on Impostazioni and Certificati without Electron. Never part of a production build.
 */
import type { Channel, RequestOf, Result, ResultOf } from '../../electron/shared/ipc/contract';

type View = ResultOf<'settings:get'>;
type Anchor = ResultOf<'trust:list'>[number];

const ok = <T,>(value: T): Result<T> => ({ ok: true, value });

let settings: View = {
  theme: 'system',
  pkcs11Modules: [],
  tsaAccounts: [{ id: 'tsa-ente', name: 'TSA della Regione', url: 'https://tsa.regione.example.it/tsa', username: 'ufficio.protocollo', hasPassword: true }],
  defaultTsa: 'tsa-ente',
  reminderDays: [90, 60, 30, 7],
  proxy: {},
  secureStorage: { available: true },
};
let anchors: Anchor[] = [];
let nextId = 1;

export function settingsMock(channel: Channel, args: unknown): Result<unknown> | undefined {
  switch (channel) {
    case 'settings:get':
      return ok(settings);
    case 'settings:update': {
      const p = args as RequestOf<'settings:update'>;
      const { defaultTsa, renewalInstructions, ...rest } = p;
      for (const [k, v] of Object.entries(rest)) if (v !== undefined) settings = { ...settings, [k]: v };
      if (defaultTsa !== undefined) settings = defaultTsa === null ? (({ defaultTsa: _d, ...s }) => s)(settings) : { ...settings, defaultTsa };
      if (renewalInstructions !== undefined) settings = renewalInstructions === null ? (({ renewalInstructions: _r, ...s }) => s)(settings) : { ...settings, renewalInstructions };
      return ok(settings);
    }
    case 'tsa:save': {
      const r = args as RequestOf<'tsa:save'>;
      const id = r.account.id ?? `tsa-${nextId++}`;
      const old = settings.tsaAccounts.find((a) => a.id === id);
      const account = { ...r.account, id, hasPassword: r.password !== undefined || (!!old?.hasPassword && !r.clearPassword) };
      settings = { ...settings, tsaAccounts: old ? settings.tsaAccounts.map((a) => (a.id === id ? account : a)) : [...settings.tsaAccounts, account] };
      return ok(settings);
    }
    case 'tsa:delete': {
      const id = (args as RequestOf<'tsa:delete'>).id;
      settings = { ...settings, tsaAccounts: settings.tsaAccounts.filter((a) => a.id !== id) };
      return ok(settings);
    }
    case 'tsa:test':
      return ok({ time: new Date().toISOString(), tsa: 'TSA di prova' });
    case 'trust:list':
      return ok(anchors);
    case 'trust:import': {
      const a: Anchor = { id: 'ab'.repeat(32), name: 'CA di prova', subject: 'CN=CA di prova, O=Ente', issuer: 'CN=CA di prova, O=Ente', notAfter: new Date(Date.now() + 3650 * 86_400_000).toISOString(), daysLeft: 3650, isCA: true };
      anchors = [a];
      return ok({ imported: [a], anchors });
    }
    case 'trust:remove':
      anchors = anchors.filter((a) => a.id !== (args as RequestOf<'trust:remove'>).id);
      return ok(anchors);
    case 'certs:export':
      return ok({ saved: true, name: 'certificato.cer' });
    default:
      return undefined;
  }
}
