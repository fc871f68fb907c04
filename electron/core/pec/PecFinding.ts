/**
 * What the pre-send PEC check finds (issue 15, shared/ACCEPTANCE.md `pec check`): a coded finding with a severity.
 * The codes live in shared/pecCodes.ts (the texts need them too); the texts, plain Italian explanation and how to
 * fix it, are in shared/i18n/pecFindings.ts, never here.
 */
export { PEC_FINDING_CODES, isPecFindingCode, type PecFinding, type PecFindingCode, type PecSeverity, type PecSeveritySetting } from '../../shared/pecCodes.js';
