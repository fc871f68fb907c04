/**
 * Hand-made verification reports for the tests of the report's texts (text, PDF): a passed B-T signature of MARIO
 * ROSSI signed at a known time, with whatever a test overrides.
 */
import type { SignatureReport } from '../../electron/core/verify/VerificationReport.js';

export const sig = (over: Partial<SignatureReport> = {}): SignatureReport => ({
  signer: 'MARIO ROSSI',
  integrity: 'valid',
  status: 'passed',
  signingTime: '2023-01-12T09:21:06.000Z',
  timestamps: [],
  level: 'B-T',
  depth: 0,
  kind: 'signer',
  warnings: [],
  problems: [],
  ...over,
});
