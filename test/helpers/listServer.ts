/**
 * A static file server on loopback for the trusted-list tests, in a child process (the `sigla` calls of a test are
 * synchronous and would block a server in the test's own process): it serves the files of a temporary folder as
 * application/xml, read at each request, so a test changes what is served between calls; `delay(name, ms)` holds
 * the answers for `name` back (a slow national list).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ListServer {
  /** `http://127.0.0.1:PORT` */
  readonly base: string;
  /** Serves `body` at `/NAME` (a leading slash is allowed). */
  set(name: string, body: Buffer | string): void;
  /** Holds every answer for `name` back by `ms` (0: at once). */
  delay(name: string, ms: number): void;
  close(): void;
}

const SCRIPT = `const http=require('http'),fs=require('fs'),path=require('path');const root=process.argv[1];
http.createServer((q,r)=>{const n=path.basename(q.url||'');let d=0;try{d=Number(fs.readFileSync(path.join(root,'delay-'+n),'utf8'))||0;}catch{}
setTimeout(()=>fs.readFile(path.join(root,n),(e,b)=>{if(e){r.writeHead(404).end();return;}r.writeHead(200,{'Content-Type':'application/xml','Content-Length':b.length}).end(b);}),d);})
.listen(0,'127.0.0.1',function(){process.stdout.write(this.address().port+'\\n');});`;

export async function startListServer(): Promise<ListServer> {
  const root = mkdtempSync(join(tmpdir(), 'sigla-tlsrv-'));
  const child = spawn(process.execPath, ['-e', SCRIPT, root], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    child.once('error', reject);
  });
  const file = (name: string): string => join(root, name.replace(/^\//, ''));
  return {
    base: `http://127.0.0.1:${port}`,
    set: (name, body) => writeFileSync(file(name), body),
    delay: (name, ms) => writeFileSync(join(root, `delay-${name.replace(/^\//, '')}`), String(ms)),
    close: () => {
      child.kill();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
