/**
 * Finds the token to use among the modules loaded: by label when given, otherwise the only one present.
 */
import { SiglaError } from '../shared/errors.js';
import type { Pkcs11Module, TokenSlot } from './pkcs11/Pkcs11Module.js';

export function selectToken(modules: readonly Pkcs11Module[], label?: string): { module: Pkcs11Module; token: TokenSlot } {
  const all = modules.flatMap((m) => m.tokens().map((t) => ({ module: m, token: t })));
  const matching = label === undefined ? all : all.filter((x) => x.token.label === label);
  const list = all.map((x) => x.token.label).join(', ');
  if (matching.length === 0) {
    throw new SiglaError('TOKEN_NOT_FOUND', label ? `no token labelled "${label}"` : 'no token present', {
      params: { token: label ?? '', candidates: list },
    });
  }
  const [only, ...others] = matching;
  if (!only || others.length > 0) {
    throw new SiglaError('TOKEN_AMBIGUOUS', 'several tokens present: choose one with --token', { params: { candidates: list } });
  }
  return only;
}
