/** The user's language: Italian by default, English when asked (`--lang en`, or LANG/LC_ALL starting with "en"). */
export type Lang = 'it' | 'en';

export function detectLang(explicit?: string, env: NodeJS.ProcessEnv = process.env): Lang {
  if (explicit === 'en' || explicit === 'it') return explicit;
  const v = env['LC_ALL'] || env['LC_MESSAGES'] || env['LANG'] || '';
  return v.toLowerCase().startsWith('en') ? 'en' : 'it';
}
