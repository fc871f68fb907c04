/**
 * `sigla timestamp FILE --tsa URL --format tsr|tsd|m7m`: a standalone time-stamp (RFC 3161) of a file.
 * - tsr: the TimeStampResp as the TSA sent it (`FILE.tsr`), for `openssl ts -verify -data FILE -in FILE.tsr`;
 * - tsd: RFC 5544 TimeStampedData with the file inside (`FILE.tsd`);
 * - m7m: a signed `NAME.p7m` and its time-stamp in one MIME envelope (`NAME.m7m`);
 * - pdf (default for PDFs): a document time-stamp as a new revision (`NAME-marca.pdf`).
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { digestSource } from '../../core/crypto/digestStream.js';
import { HASHES } from '../../core/crypto/HashAlgorithm.js';
import { m7mBytes } from '../../core/tsp/m7m.js';
import { writeTimeStampedData } from '../../core/tsp/TimeStampedData.js';
import { timestampPdf } from '../../core/pades/signPdf.js';
import { assertWritableTarget, writeAtomically } from '../../io/AtomicFile.js';
import { openPdfFile } from '../../io/PdfFileSource.js';
import { assertPdfHeader } from '../../io/pdfHeader.js';
import { fileContentSource } from '../../io/FileContentSource.js';
import { requestTimeStamp } from '../../net/TsaClient.js';
import type { Lang } from '../../shared/i18n/locale.js';
import { checkTsaRoute, tsaAccount, type TsaArgs } from '../tsaAccount.js';
import { usageError } from '../../shared/i18n/usage.js';
import { cliText } from '../../shared/i18n/cliText.js';
import { formatTime } from '../../shared/i18n/findings.js';

export interface TimestampArgs extends TsaArgs {
  readonly files: readonly string[];
  readonly format?: string;
  readonly out?: string;
  readonly force: boolean;
  readonly json: boolean;
  readonly lang: Lang;
}

export async function runTimestamp(a: TimestampArgs): Promise<number> {
  const [file, ...more] = a.files;
  if (!file || more.length > 0) throw usageError('timestampOne');
  const account = tsaAccount(a);
  if (!account) throw usageError('tsaRequired');
  // Credentials over plain http to another computer are refused here, before any output or connection.
  checkTsaRoute(account, a.lang);
  // A PDF gets a document time-stamp (a new revision) unless another format is asked.
  const format = a.format ?? (/\.pdf$/i.test(file) ? 'pdf' : 'tsr');
  if (!['tsr', 'tsd', 'm7m', 'pdf'].includes(format)) throw usageError('timestampFormat', { format });
  if (format === 'm7m' && !/\.p7m$/i.test(file)) throw usageError('m7mNeedsP7m');
  const name = basename(file);
  const output =
    a.out ?? join(dirname(file), format === 'm7m' ? name.replace(/\.p7m$/i, '.m7m') : format === 'pdf' ? name.replace(/(\.pdf)?$/i, '-marca.pdf') : `${name}.${format}`);
  const write = { force: a.force, inputs: [file] };
  if (format === 'pdf') {
    assertPdfHeader(file);
    assertWritableTarget(output, write);
    const pdf = openPdfFile(file);
    const stamps: string[] = [];
    try {
      await writeAtomically(output, write, async (sink) => {
        await timestampPdf(pdf, sink, {
          hash: 'sha256',
          timestamper: async (hash, digest) => {
            const t = await requestTimeStamp(account, hash, digest);
            stamps.push(t.info.genTime.toISOString());
            return t;
          },
        });
      });
    } finally {
      pdf.close();
    }
    const result = { file, output, format, time: stamps[0] ?? '' };
    if (a.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    else process.stdout.write(`${cliText('documentTimestamp', a.lang, { time: formatTime(result.time, a.lang), file, output })}\n`);
    return 0;
  }
  const source = fileContentSource(file);
  assertWritableTarget(output, write);
  // The time-stamp is obtained (and checked) before the output is opened: a TSA failure leaves nothing behind.
  const digest = await digestSource(source, HASHES.sha256.nodeName);
  const ts = await requestTimeStamp(account, 'sha256', digest);
  await writeAtomically(output, write, async (sink) => {
    if (format === 'tsr') await sink.write(ts.response);
    else if (format === 'tsd') await writeTimeStampedData(source, name, ts.token, sink);
    else await sink.write(m7mBytes(name, new Uint8Array(readFileSync(file)), ts.response));
  });
  const result = { file, output, format, time: ts.info.genTime.toISOString(), policy: ts.info.policy };
  if (a.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else process.stdout.write(`${cliText('timestamp', a.lang, { time: formatTime(result.time, a.lang), file, output })}\n`);
  return 0;
}
