/**
 * Preloaded with `node --require` into a child process under test: records every module the child loads (the
 * resolved file name of each `Module._load`) and writes the list, one per line, to `$SIGLA_TEST_MODULE_LOG` when the
 * process exits. Tests read it to prove what a command does not load.
 */
import Module from 'node:module';
import { writeFileSync } from 'node:fs';

interface ModuleInternals {
  _load(request: string, parent: unknown, isMain: boolean): unknown;
  _resolveFilename(request: string, parent: unknown, isMain: boolean): string;
}

const out = process.env['SIGLA_TEST_MODULE_LOG'];
if (out) {
  const internals = Module as unknown as ModuleInternals;
  const load = internals._load;
  const loaded = new Set<string>();
  internals._load = function (this: unknown, request: string, parent: unknown, isMain: boolean): unknown {
    const exported = load.call(this, request, parent, isMain);
    try {
      loaded.add(internals._resolveFilename(request, parent, isMain));
    } catch {
      loaded.add(request);
    }
    return exported;
  };
  process.on('exit', () => writeFileSync(out, [...loaded].join('\n') + '\n'));
}
