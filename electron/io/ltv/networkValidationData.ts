/**
 * The validation data source of `sigla sign --level B-LT|B-LTA`, `sigla extend` and the app: anchors as
 * `sigla verify` takes them (the user's trust store in the data folder and the services of the trusted lists in
 * use, ETSI TS 119 615 §4.2), OCSP/CRL and caIssuers over the network with the same proxy settings and timeouts as
 * verification (net/RevocationClient.ts, net/CaIssuersClient.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidationDataSource } from '../../core/ltv/ValidationData.js';
import { withListAnchors } from '../../core/verify/listAnchors.js';
import { issuerFetcher } from '../../net/CaIssuersClient.js';
import { revocationChecker } from '../../net/RevocationClient.js';
import { certificatesAt } from '../certificateFiles.js';
import { dataDir } from '../dataDir.js';
import { listedServices } from '../trustedLists/index.js';
import { validationDataGatherer } from './gatherValidationData.js';

export function networkValidationData(env: NodeJS.ProcessEnv = process.env, extraAnchors: readonly Uint8Array[] = []): ValidationDataSource {
  const store = join(dataDir(env), 'trust');
  const own = [...extraAnchors, ...(existsSync(store) ? certificatesAt(store) : [])];
  const anchors = withListAnchors(own, listedServices(env));
  return validationDataGatherer({ anchors, revocation: revocationChecker(env), fetchIssuers: issuerFetcher(env) });
}
