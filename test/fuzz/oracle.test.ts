/**
 * The fuzz oracle itself (oracle.ts, signedBytes.ts): which edits change a signed span, which reports are false
 * positives, which errors are internal. Synthetic inputs, no fixtures.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FileReport, SignatureReport } from '../../electron/core/verify/VerificationReport.js';
import { finding } from '../../electron/core/findings/Finding.js';
import { judgeError, judgeFileStatus, judgeReportText, judgeSignatures, type OriginalSignature } from './oracle.js';
import { editOf, editTouches, padesChanged } from './signedBytes.js';

const b = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

const sig = (over: Partial<SignatureReport>): SignatureReport => ({
  signer: 'MARIO ROSSI', integrity: 'valid', status: 'passed', signingTime: null, timestamps: [], level: 'B-B', depth: 0, kind: 'signer', warnings: [], problems: [], ...over,
});
const report = (signatures: SignatureReport[], format = 'pdf'): FileReport => ({ file: 'x', format, status: 'passed', signatures });
const orig = (over: Partial<OriginalSignature>): OriginalSignature => ({ signer: 'MARIO ROSSI', depth: 0, kind: 'signer', changed: false, ...over });

describe('fuzz oracle: edits and signed spans', () => {
  it('a replaced byte touches the span it is in, not its neighbours', () => {
    const e = editOf(b('0123456789'), b('0123X56789'));
    assert.deepEqual(e, { kind: 'replace', lo: 4, hi: 5, n: 0 });
    assert.equal(editTouches(e, [4, 5]), true);
    assert.equal(editTouches(e, [0, 4]), false);
    assert.equal(editTouches(e, [5, 10]), false);
  });

  it('an insertion counts only where every equivalent position is inside the span', () => {
    // "aab" → "aaab": the 'a' may have been inserted at 0, 1 or 2.
    const e = editOf(b('aabc'), b('aaabc'));
    assert.equal(e.kind, 'insert');
    assert.equal(editTouches(e, [0, 2]), false); // at 2 it would follow the span [0, 2)
    assert.equal(editTouches(e, [0, 3]), true);
    assert.equal(editTouches(editOf(b('xyz'), b('xQyz')), [1, 3]), true); // at the start of a span: its bytes shift
    assert.equal(editTouches(editOf(b('xyz'), b('xyQz')), [0, 2]), false); // right after it: nothing read changes
  });

  it('a deletion and a truncation touch the spans they remove bytes from', () => {
    assert.equal(editTouches(editOf(b('0123456789'), b('012356789')), [4, 6]), true);
    assert.equal(editTouches(editOf(b('0123456789'), b('012356789')), [5, 9]), false);
    assert.equal(editTouches(editOf(b('0123456789'), b('01234')), [3, 8]), true);
  });

  it('PDF: ByteRange bytes by offset; /Contents hex digits by value, case-blind', () => {
    const o = b('%PDF-1.7 <0a0b> tail');
    const part = { depth: 0, kind: 'signer' as const, spans: [[0, 9], [15, 20]] as const, hexSpans: [[10, 14]] as const };
    assert.equal(padesChanged(o, b('%PDF-1.7 <0A0B> tail'), part), false);
    assert.equal(padesChanged(o, b('%PDF-1.7 <0a0c> tail'), part), true);
    assert.equal(padesChanged(o, b('%PDF-1.8 <0a0b> tail'), part), true);
    assert.equal(padesChanged(o, b('%PDF-1.7 <0a0b> tai'), part), true);
    assert.equal(padesChanged(o, b('%PDF-1.7 <0a0b> tail and more'), part), false);
  });
});

describe('fuzz oracle: verdicts', () => {
  it('a valid signature whose signed bytes changed is a false positive; unchanged it is not', () => {
    assert.equal(judgeSignatures([orig({ field: 'S1', changed: true })], report([sig({ field: 'S1' })]), b(''))?.category, 'falsePositive');
    assert.equal(judgeSignatures([orig({ field: 'S1', changed: true })], report([sig({ field: 'S1', integrity: 'invalid', status: 'failed' })]), b('')), undefined);
    assert.equal(judgeSignatures([orig({ field: 'S1' })], report([sig({ field: 'S1' })]), b('')), undefined);
  });

  it('renamed fields or signers are matched only with unchanged signatures, one each', () => {
    const two = [orig({ field: 'S1' }), orig({ field: 'S2', changed: true })];
    assert.equal(judgeSignatures(two, report([sig({ field: 'S1' }), sig({ field: 'Renamed' })]), b(''))?.category, 'falsePositive');
    assert.equal(judgeSignatures(two, report([sig({ field: 'S1', integrity: 'invalid', status: 'failed' }), sig({ field: 'Renamed' })]), b('')), undefined);
    assert.equal(judgeSignatures([orig({ changed: true })], report([sig({ signer: 'SOMEONE ELSE' })], 'cades'), b(''))?.category, 'falsePositive');
    assert.equal(judgeSignatures([orig({ depth: 1 })], report([sig({ depth: 0 })], 'cades'), b(''))?.category, 'falsePositive');
  });

  it('"covers the whole document" with bytes after the signed revision is a false positive', () => {
    const o = [orig({ field: 'S1', revisionEnd: 5 })];
    assert.equal(judgeSignatures(o, report([sig({ field: 'S1', coversWholeDocument: true })]), b('12345\n'))?.category, undefined);
    assert.equal(judgeSignatures(o, report([sig({ field: 'S1', coversWholeDocument: true })]), b('12345 x'))?.category, 'falsePositive');
  });

  it('a file passed with nothing that passed is a false positive', () => {
    const stamp = { time: '2025-01-01T00:00:00Z', kind: 'document' as const, integrity: 'valid' as const, imprintMatches: true, tsa: 'TSA', trusted: true };
    assert.equal(judgeFileStatus({ ...report([]), timestamps: [stamp] }), undefined);
    assert.equal(judgeFileStatus({ ...report([]), timestamps: [{ ...stamp, imprintMatches: false }] })?.category, 'falsePositive');
    assert.equal(judgeFileStatus(report([]))?.category, 'falsePositive');
    assert.equal(judgeFileStatus(report([sig({ status: 'indeterminate' })]))?.category, 'falsePositive');
    assert.equal(judgeFileStatus(report([sig({})])), undefined);
  });

  it('uncoded exceptions, INTERNAL and raw library text are internal errors; clean input codes are not', () => {
    const e = (over: object): Parameters<typeof judgeError>[0] => ({ name: 'SiglaError', code: 'INPUT_FORMAT', message: 'not a signed file', stack: '', causes: [], ...over });
    assert.equal(judgeError(e({}), 'verify', false), undefined);
    assert.equal(judgeError(e({ name: 'TypeError', code: undefined, message: "Cannot read properties of undefined (reading 'get')" }), 'verify', false)?.category, 'internal');
    assert.equal(judgeError(e({ code: 'INTERNAL' }), 'verify', false)?.category, 'internal');
    assert.equal(judgeError(e({ detail: 'error:0480006C:PEM routines::no start line' }), 'verify', false)?.category, 'internal');
    assert.equal(judgeError(e({ code: 'USAGE', message: 'a detached signature (.p7s) needs --detached-content FILE' }), 'verify', false), undefined);
    assert.equal(judgeError(e({ code: 'USAGE', message: 'a detached signature (.p7s) needs --detached-content FILE' }), 'verify', true)?.category, 'internal');
    assert.equal(judgeReportText(report([sig({ problems: [finding('REVOCATION_UNAVAILABLE', { detail: 'Maximum call stack size exceeded' })] })]))?.category, 'internal');
    assert.equal(judgeReportText(report([sig({ problems: [finding('MESSAGE_DIGEST_MISMATCH'), finding('TSA_REVOCATION_UNAVAILABLE', { tsa: 'TSA', detail: 'OCSP http://x: timeout' })] })])), undefined);
  });
});
