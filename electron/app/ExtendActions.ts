/**
 * Verifica's "Estendi la firma": the signatures of a verified PDF or .p7m/.p7s raised to B-LT or B-LTA (ETSI EN
 * 319 142-1 §5.4–§5.5, EN 319 122-1 §5.5) by the engine function `sigla extend` uses (io/ltv/extendFile.ts), the
 * result beside the file under the next free name (`NAME-esteso.pdf`, `NAME-esteso.pdf.p7m`, never replacing a file). B-LTA's document time-stamp comes from the default
 * TSA account of the settings; validation data from the network with the settings' proxy.
 */
import type { Timestamper } from '../core/tsp/Timestamper.js';
import { extendFile, planExtend } from '../io/ltv/extendFile.js';
import { networkValidationData } from '../io/ltv/networkValidationData.js';
import { usageError } from '../shared/i18n/usage.js';

export async function extendBeside(path: string, level: 'B-LT' | 'B-LTA', env: NodeJS.ProcessEnv, timestamper: Timestamper | undefined): Promise<string> {
  if (level === 'B-LTA' && !timestamper) throw usageError('extendNeedsTsaAccount');
  const job = planExtend(path, { existing: 'nextFree', inputs: [path] });
  await extendFile(job, { level, hash: 'sha256', validationData: networkValidationData(env), ...(timestamper ? { timestamper } : {}) });
  return job.output;
}
