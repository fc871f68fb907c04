/**
 * Fills a catalog text: `{name}` takes the param's value; `{name|uno|molti}` takes the singular word when the param
 * is 1 and the plural otherwise (Italian and English alike: "1 pagina", "2 pagine", "1 page", "2 pages"). A param
 * that is missing shows as `?`, so that a text never shows a placeholder's name.
 */
export type TemplateParams = Readonly<Record<string, string | number>>;

export function fillTemplate(text: string, params: TemplateParams): string {
  return text.replace(/\{(\w+)(?:\|([^|}]*)\|([^}]*))?\}/g, (_, name: string, one?: string, many?: string) => {
    const v = params[name];
    if (one !== undefined && many !== undefined) return Number(v) === 1 ? one : many;
    return v === undefined ? '?' : String(v);
  });
}
