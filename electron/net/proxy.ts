/**
 * Which proxy a request goes through, from the environment as curl and most tools read it: HTTPS_PROXY/https_proxy
 * for https URLs, HTTP_PROXY/http_proxy for http, NO_PROXY/no_proxy listing hosts (or domain suffixes, or `*`) that
 * are reached directly. Public offices mostly sit behind one.
 */
export function proxyFor(target: URL, env: NodeJS.ProcessEnv = process.env): URL | undefined {
  const pick = (...names: string[]): string | undefined => names.map((n) => env[n]).find((v) => v !== undefined && v !== '');
  const raw = target.protocol === 'https:' ? pick('HTTPS_PROXY', 'https_proxy') : pick('HTTP_PROXY', 'http_proxy');
  if (!raw) return undefined;
  const host = target.hostname.toLowerCase();
  const noProxy = (pick('NO_PROXY', 'no_proxy') ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  for (const entry of noProxy) {
    if (entry === '*') return undefined;
    const bare = entry.replace(/^\*?\./, '').replace(/:\d+$/, '');
    if (host === bare || host.endsWith(`.${bare}`)) return undefined;
  }
  try {
    return new URL(raw.includes('://') ? raw : `http://${raw}`);
  } catch {
    return undefined;
  }
}
