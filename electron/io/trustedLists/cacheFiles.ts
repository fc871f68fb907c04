/**
 * The trusted-list cache in `<data>/trusted-lists/` (shared by the CLI and the app): the validated XML of the LOTL
 * and of each member state's TL as fetched (`lotl.xml`, `tl-IT.xml`), `state.json` (what is in use and what was
 * refused, io/trustedLists/state.ts), the LOTL's pointers (`pointers.json`, to check a TL imported later) and one
 * derived index of services per TL (`services-IT.json`), which verification loads instead of re-parsing the XML.
 * `<data>/trust/` is another thing: the user's own PEM anchors (io/TrustStore.ts).
 */
import { join } from 'node:path';
import { dataDir } from '../dataDir.js';

export const cacheDir = (env: NodeJS.ProcessEnv = process.env): string => join(dataDir(env), 'trusted-lists');
export const statePath = (env?: NodeJS.ProcessEnv): string => join(cacheDir(env), 'state.json');
export const pointersPath = (env?: NodeJS.ProcessEnv): string => join(cacheDir(env), 'pointers.json');
/** Certificates given with `--lotl-signers` that verified the LOTL in use: the daily refresh uses them too. */
export const extraLotlSignersPath = (env?: NodeJS.ProcessEnv): string => join(cacheDir(env), 'lotl-signers.pem');

/** Territory codes are two letters (ISO 3166-1, `EL` for Greece, `EU` for the LOTL): safe in a file name. */
function safeTerritory(territory: string): string {
  if (!/^[A-Z]{2}$/.test(territory)) throw new Error(`unexpected territory ${JSON.stringify(territory)}`);
  return territory;
}

export const listPath = (territory: string, isLotl: boolean, env?: NodeJS.ProcessEnv): string => join(cacheDir(env), isLotl ? 'lotl.xml' : `tl-${safeTerritory(territory)}.xml`);
export const servicesPath = (territory: string, env?: NodeJS.ProcessEnv): string => join(cacheDir(env), `services-${safeTerritory(territory)}.json`);
