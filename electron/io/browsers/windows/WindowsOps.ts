/**
 * The Windows calls the Windows browser store needs, behind an interface so that the logic is unit-tested with
 * them faked (test/unit/windowsBrowserStores.test.ts). The real implementation is {@link CertutilWindowsOps};
 * it was NOT run on real Windows hardware while it was written (see README).
 */

/** A certificate in CurrentUser\My. */
export interface UserStoreCertificate {
  /** SHA-1 thumbprint, upper-case hex (what certutil and the store call the certificate's hash). */
  readonly thumbprint: string;
  /** The key provider the certificate is linked to (CERT_KEY_PROV_INFO_PROP_ID), when any. */
  readonly provider?: string;
}

export interface WindowsOps {
  /** The names of the installed CryptoAPI CSPs and CNG KSPs (registry: HKLM\SOFTWARE\Microsoft\Cryptography\Defaults\Provider, certutil -csplist). */
  cryptoProviders(): Promise<string[]>;
  userCertificates(): Promise<UserStoreCertificate[]>;
  /** `certutil -user -addstore My FILE`. */
  addUserCertificate(der: Uint8Array): Promise<void>;
  /** `certutil -user -repairstore -csp PROVIDER My THUMBPRINT`: links the certificate to its key on the card. */
  linkKeyProvider(thumbprint: string, provider: string): Promise<void>;
  /** `certutil -user -delstore My THUMBPRINT`. */
  deleteUserCertificate(thumbprint: string): Promise<void>;
}

/**
 * Vendor providers that reach the key of a card's certificate: bit4id's middleware (CSP and KSP), the CIE's
 * (IPZS's minidriver/CSP). Compared case-insensitively with the installed providers' names.
 */
export const KNOWN_PROVIDERS: ReadonlyArray<{ readonly vendor: string; readonly pattern: RegExp }> = [
  { vendor: 'bit4id', pattern: /bit4id/i },
  { vendor: 'cie', pattern: /\bCIE\b|IPZS/i },
];
