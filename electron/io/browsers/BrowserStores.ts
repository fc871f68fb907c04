/**
 * The one interface behind `sigla browsers` and Dispositivi → «Usa la CNS nei browser»: where browsers look for
 * the token (NSS databases on Linux and for Firefox everywhere; the user's certificate store on Windows), whether
 * the token's module is there, and registering / unregistering it. Linux: NssBrowserStores; Windows:
 * windows/WindowsBrowserStores (the user's store) together with the Firefox profiles' NSS databases.
 */
import type { BrowserKind } from './nssDatabases.js';

/**
 * A browser database's state for one module:
 * - `registered-by-sigla`: an entry Sigla added (named {@link SIGLA_ENTRY_PREFIX}…) loads the module;
 * - `registered`: an entry of another name (the user's, the vendor's) loads it: Sigla leaves it alone;
 * - `via-p11-kit`: the database loads p11-kit-proxy and the module is registered with p11-kit;
 * - `not-registered`; `locked`: a running Firefox holds the profile;
 * - `unsupported`: a legacy dbm database, a profile never started (no database yet), or, on Windows, no vendor
 *   provider for the card.
 */
export type DatabaseState = 'registered-by-sigla' | 'registered' | 'via-p11-kit' | 'not-registered' | 'locked' | 'unsupported';

export type UnsupportedReason = 'legacy-dbm' | 'no-database' | 'no-provider';

export interface BrowserDatabaseStatus {
  readonly browser: BrowserKind;
  readonly profile: string;
  readonly path: string;
  readonly state: DatabaseState;
  /** The name of the entry that loads the module, when there is one. */
  readonly entry?: string;
  readonly reason?: UnsupportedReason;
}

/** What register / unregister did to one database. */
export interface BrowserChange extends BrowserDatabaseStatus {
  readonly action: 'added' | 'removed' | 'unchanged';
}

/** A certificate of the token, as the token host lists it (public objects, no PIN). */
export interface TokenCertificate {
  readonly label: string;
  readonly token: string;
  readonly der: Uint8Array;
}

export interface BrowserRequest {
  /** The PKCS#11 module's path. */
  readonly module: string;
  /** The token's certificates (Windows propagates the authentication ones; NSS needs none). */
  readonly certificates: readonly TokenCertificate[];
}

export interface BrowserStores {
  status(request: BrowserRequest): Promise<BrowserDatabaseStatus[]>;
  /** Refused as a whole (BROWSER_RUNNING, nothing changed) when a running Firefox holds one of the profiles. */
  register(request: BrowserRequest): Promise<BrowserChange[]>;
  /** Removes only what Sigla added; refused as a whole like register. */
  unregister(request: BrowserRequest): Promise<BrowserChange[]>;
}

/** The prefix of every NSS module entry Sigla adds; unregister removes no other. */
export const SIGLA_ENTRY_PREFIX = 'Sigla: ';
