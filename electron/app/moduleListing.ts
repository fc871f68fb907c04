/**
 * `modules:list`: the PKCS#11 modules found on this machine (named in the settings, SIGLA_MODULE, or at the known
 * paths of the token profiles) with how many tokens each shows now, or why it could not be loaded — so that
 * Dispositivi can say "the middleware is there but sees no device" apart from "the middleware does not load".
 */
import { SiglaError } from '../shared/errors.js';
import { describeError } from '../shared/i18n/messages.js';
import type { Lang } from '../shared/i18n/locale.js';
import type { ResultOf } from '../shared/ipc/contract.js';
import { deserializeError } from '../token/host/protocol.js';
import type { TokenHostClient } from '../token/host/TokenHostClient.js';

export async function listModules(host: Pick<TokenHostClient, 'call'>, lang: Lang): Promise<ResultOf<'modules:list'>> {
  const found = await host.call('modules', {});
  if (found.length === 0) return [];
  const count = new Map<string, number>();
  const errors = new Map<string, string>();
  try {
    const { tokens, failures } = await host.call('tokens', {});
    for (const t of tokens) count.set(t.module, (count.get(t.module) ?? 0) + 1);
    for (const f of failures) errors.set(f.path, describeError(deserializeError(f.error), lang, 'app'));
  } catch (e) {
    // A module named explicitly, or the only one, that fails to load fails the whole listing: it is that module.
    const err = e instanceof SiglaError ? e : new SiglaError('INTERNAL', String(e), { params: { detail: String(e) } });
    if (found.length === 1 && found[0]) errors.set(found[0].path, describeError(err, lang, 'app'));
    else throw err;
  }
  return found.map((m) => ({ name: m.name, path: m.path, profile: m.profile, source: m.source, tokens: count.get(m.path) ?? 0, ...(errors.has(m.path) ? { error: errors.get(m.path) ?? '' } : {}) }));
}
