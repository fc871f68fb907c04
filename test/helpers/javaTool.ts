/**
 * Compiles a test checker written in Java (test/helpers/java/<Class>.java) once per source version: into a private
 * temp dir, then renamed into `os.tmpdir()/sigla-java-<Class>-<sha256 prefix>` so concurrent test processes never
 * see a half-written class directory. Returns that directory.
 */
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const compiled = new Map<string, string>();

export function compileJavaTool(source: string, className: string, classpath: string): string {
  const known = compiled.get(source);
  if (known !== undefined) return known;
  const hash = crypto.createHash('sha256').update(fs.readFileSync(source)).digest('hex').slice(0, 16);
  const dir = path.join(os.tmpdir(), `sigla-java-${className}-${hash}`);
  if (!fs.existsSync(path.join(dir, `${className}.class`))) {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sigla-java-build-'));
    try {
      execFileSync('javac', ['-nowarn', '-encoding', 'UTF-8', '-cp', classpath, '-d', work, source], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      try {
        fs.renameSync(work, dir);
      } catch (e) {
        // Another process won the race: use its output if complete.
        if (!fs.existsSync(path.join(dir, `${className}.class`))) throw e;
      }
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }
  compiled.set(source, dir);
  return dir;
}
