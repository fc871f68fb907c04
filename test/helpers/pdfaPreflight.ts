/**
 * Apache PDFBox Preflight (Debian libpdfbox2-java's preflight.jar), an independent PDF/A-1b validator, run through
 * test/helpers/java/PdfaPreflight.java. It needs javax.activation and JAXB on Java 17 (libactivation-java,
 * libjaxb-api-java). preflightErrors() gives each file's errors as "CODE DETAILS" lines (none: valid PDF/A-1b).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compileJavaTool } from './javaTool.js';

const JAVA_DIR = process.env['SIGLA_BC_JAR_DIR'] ?? '/usr/share/java';
const JARS = ['preflight.jar', 'pdfbox2.jar', 'fontbox2.jar', 'xmpbox.jar', 'commons-logging.jar', 'javax.activation.jar', 'jaxb-api.jar'].map((j) => path.join(JAVA_DIR, j));
const SOURCE = path.resolve(__dirname, '../../..', 'test', 'helpers', 'java', 'PdfaPreflight.java');

/** Why Preflight cannot run here ('' when it can). */
export function preflightMissing(): string {
  const missing = JARS.filter((j) => !fs.existsSync(j));
  if (missing.length > 0) return `missing jars ${missing.join(', ')} (libpdfbox2-java, libactivation-java, libjaxb-api-java)`;
  try {
    execFileSync('javac', ['-version'], { stdio: 'ignore' });
  } catch {
    return 'javac not runnable';
  }
  return '';
}

/** Each file's Preflight errors, in one JVM. */
export function preflightErrors(files: readonly string[]): Map<string, string[]> {
  const classpath = JARS.join(path.delimiter);
  const dir = compileJavaTool(SOURCE, 'PdfaPreflight', classpath);
  const out = execFileSync('java', ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', `-Dpdfbox.fontcache=${os.tmpdir()}`, '-Djava.awt.headless=true', '-cp', `${classpath}${path.delimiter}${dir}`, 'PdfaPreflight', ...files], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  const result = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of out.split('\n')) {
    const head = /^(.*)\t(VALID|INVALID)$/.exec(line);
    if (head?.[1] !== undefined) {
      current = [];
      result.set(head[1], current);
    } else if (line.startsWith('  ') && current) current.push(line.trim());
  }
  return result;
}
