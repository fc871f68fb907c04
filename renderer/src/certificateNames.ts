/** How people name a certificate's issuer: its common name (or organisation) rather than the whole distinguished name. */
export function issuerName(dn: string): string {
  const part = (key: string): string | undefined => new RegExp(`(?:^|,\\s*)${key}=([^,]+)`).exec(dn)?.[1]?.trim();
  return part('CN') ?? part('O') ?? dn;
}
