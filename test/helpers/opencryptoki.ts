/**
 * Test-time openCryptoki soft token (the `libpkcs11_sw.so` STDLL behind pkcsslotd).
 *
 * Used only for its PIN state machine, which SoftHSM2 lacks: in openCryptoki 3.8 a wrong user
 * PIN sets CKF_USER_PIN_COUNT_LOW, a second CKF_USER_PIN_FINAL_TRY, a third CKF_USER_PIN_LOCKED
 * (C_Login then answers CKR_PIN_LOCKED even for the right PIN) and an SO login + C_InitPIN
 * unblocks it. The SO PIN has the same three-strikes counter, but nothing unblocks the SO: only
 * wiping the token's data does (which freshOpencryptokiToken() always does). Its object store is
 * unreliable in 3.8, so no keys are created here.
 *
 * Facts this relies on (found by experiment on Debian 12, opencryptoki 3.8.1, OpenSC 0.23):
 * - The stock /etc/opencryptoki/opencryptoki.conf works: the tpm/ica/cca/ep11 STDLLs fail to
 *   load without their hardware and are silently left out, so the only slot listed is the soft
 *   token's, slot ID 3. 3.8 has no environment variable for another config file (the path is
 *   compiled into pkcsslotd), so we do not try to use one; the slot is still looked up, not assumed.
 * - Every PKCS#11 call fails with CKR_FUNCTION_FAILED at C_Initialize unless pkcsslotd runs.
 *   pkcsslotd daemonises itself; started a second time it happily runs a second copy, and when
 *   either copy exits it deletes the shared socket and so breaks the other. It leaves its pid file
 *   behind on SIGTERM. Hence: probe with C_Initialize first, and only (re)start when that fails.
 * - Token state (label, PIN hashes, flags and failure counters) lives in
 *   /var/lib/opencryptoki/swtok/NVTOK.DAT, which every process reads at C_Initialize and rewrites
 *   on each change, so the counters persist across processes and pkcsslotd restarts.
 * - C_InitToken needs the *current* SO PIN (factory default 87654321) and does not change it, so
 *   once the SO PIN is locked or unknown only wiping the data files resets the token. The factory
 *   SO PIN is reported as CKF_SO_PIN_TO_BE_CHANGED and C_SetPIN refuses it (CKR_PIN_INVALID) as
 *   a new PIN; hence the default SO PIN here is not 87654321.
 * - PINs are 4..8 characters. A PIN of the wrong length still counts as a failed login.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const OPENCRYPTOKI_MODULE = '/usr/lib/x86_64-linux-gnu/opencryptoki/libopencryptoki.so.0';
export const PKCSSLOTD = '/usr/sbin/pkcsslotd';
const PKCSCONF = '/usr/sbin/pkcsconf';
/** The SO PIN every openCryptoki token starts with (and the only one C_InitToken accepts on a wiped token). */
export const OC_FACTORY_SO_PIN = '87654321';

const SW_STDLL = '/usr/lib/x86_64-linux-gnu/opencryptoki/stdll/libpkcs11_sw.so';
const DATA_DIR = '/var/lib/opencryptoki';
const SWTOK_DIR = path.join(DATA_DIR, 'swtok');
/** POSIX shared memory the sw STDLL maps for its token objects (named after SWTOK_DIR). */
const SWTOK_SHM = '/dev/shm/var.lib.opencryptoki.swtok';
const LOCK_DIR = '/var/lock/opencryptoki';
const PID_FILE = '/var/run/pkcsslotd.pid';
const SW_MODEL = 'IBM SoftTok';
const DEFAULT_LABEL = 'SiglaOC';
const DEFAULT_USER_PIN = '11223344';
const DEFAULT_SO_PIN = '12345678';

export interface OcToken {
  module: string;
  slot: number; // PKCS#11 slot ID (3 with the stock config)
  label: string;
  userPin: string;
  soPin: string;
  env: NodeJS.ProcessEnv;
}

export type PinState = 'ok' | 'countLow' | 'finalTry' | 'locked' | 'toBeChanged' | 'notInitialized';

export interface OcFlags {
  userPin: PinState;
  soPin: PinState;
  /** CK_TOKEN_INFO.flags as far as pkcs11-tool shows them (named flags plus "other flags=0x..."). */
  bits: number;
  /** The flag names exactly as pkcs11-tool printed them. */
  names: string[];
  /** The whole `pkcs11-tool -T` output. */
  raw: string;
}

export interface LoginResult {
  ok: boolean;
  /** 'CKR_OK', or the CKR_* name pkcs11-tool reported for the failing call (e.g. CKR_PIN_LOCKED). */
  rv: string;
  output: string;
}

// CK_TOKEN_INFO flag bits (PKCS#11 v2.40 §4.4).
const CKF = {
  RNG: 0x1,
  WRITE_PROTECTED: 0x2,
  LOGIN_REQUIRED: 0x4,
  USER_PIN_INITIALIZED: 0x8,
  TOKEN_INITIALIZED: 0x400,
  USER_PIN_COUNT_LOW: 0x10000,
  USER_PIN_FINAL_TRY: 0x20000,
  USER_PIN_LOCKED: 0x40000,
  USER_PIN_TO_BE_CHANGED: 0x80000,
  SO_PIN_COUNT_LOW: 0x100000,
  SO_PIN_FINAL_TRY: 0x200000,
  SO_PIN_LOCKED: 0x400000,
  SO_PIN_TO_BE_CHANGED: 0x800000,
} as const;

/** pkcs11-tool's wording (OpenSC 0.23 prints e.g. "final user PIN try"; other spellings tolerated). */
const FLAG_TEXT: ReadonlyArray<readonly [RegExp, number]> = [
  [/^rng$/i, CKF.RNG],
  [/^write protected$/i, CKF.WRITE_PROTECTED],
  [/^login required$/i, CKF.LOGIN_REQUIRED],
  [/^(user )?PIN initialized$/i, CKF.USER_PIN_INITIALIZED],
  [/^token initialized$/i, CKF.TOKEN_INITIALIZED],
  [/^user PIN count low$/i, CKF.USER_PIN_COUNT_LOW],
  [/^(final user PIN try|user PIN final try)$/i, CKF.USER_PIN_FINAL_TRY],
  [/^user PIN locked$/i, CKF.USER_PIN_LOCKED],
  [/^user PIN to be changed$/i, CKF.USER_PIN_TO_BE_CHANGED],
  [/^SO PIN count low$/i, CKF.SO_PIN_COUNT_LOW],
  [/^(final SO PIN try|SO PIN final try)$/i, CKF.SO_PIN_FINAL_TRY],
  [/^SO PIN locked$/i, CKF.SO_PIN_LOCKED],
  [/^SO PIN to be changed$/i, CKF.SO_PIN_TO_BE_CHANGED],
];

interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

function tryRun(cmd: string, args: readonly string[], env?: NodeJS.ProcessEnv): RunResult {
  const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env, timeout: 30_000 });
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? String(r.error ?? '') };
}

/** Runs a tool, returning stdout; on failure throws with the command line and its output. */
function run(cmd: string, args: readonly string[], env?: NodeJS.ProcessEnv): string {
  const r = tryRun(cmd, args, env);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

function onPath(cmd: string): boolean {
  return (process.env['PATH'] ?? '').split(path.delimiter).some((d) => d !== '' && fs.existsSync(path.join(d, cmd)));
}

/** Why the openCryptoki fixture cannot run here, or undefined when it can. */
export function opencryptokiUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not running as root (pkcsslotd and the token data need it)';
  for (const f of [OPENCRYPTOKI_MODULE, SW_STDLL, PKCSSLOTD, PKCSCONF]) if (!fs.existsSync(f)) return `${f} missing (apt-get install opencryptoki)`;
  if (!onPath('pkcs11-tool')) return 'pkcs11-tool missing (apt-get install opensc)';
  if (pkcs11Gid() === undefined) return 'group pkcs11 missing (created by the opencryptoki package)';
  return undefined;
}

/** True when the openCryptoki library, its soft token, pkcsslotd and pkcs11-tool are present and we are root. */
export function hasOpencryptoki(): boolean {
  return opencryptokiUnavailable() === undefined;
}

function pkcs11Gid(): number | undefined {
  try {
    const line = fs.readFileSync('/etc/group', 'utf8').split('\n').find((l) => l.startsWith('pkcs11:'));
    const gid = Number(line?.split(':')[2]);
    return Number.isInteger(gid) ? gid : undefined;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A process that exists and is not a zombie (pkcsslotd daemonises, and containers may not reap). */
function isLivePkcsslotd(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const m = /^\d+ \((.*)\) (\S)/.exec(stat);
    return m?.[1] === 'pkcsslotd' && m[2] !== 'Z' && m[2] !== 'X';
  } catch {
    return false;
  }
}

/** C_Initialize works, i.e. a pkcsslotd is running and reachable through its socket. */
function slotdReachable(): boolean {
  return tryRun('pkcs11-tool', ['--module', OPENCRYPTOKI_MODULE, '--list-slots']).status === 0;
}

/** The directories pkcsslotd and the sw STDLL expect (as the package's init script / tmpfiles.d make them). */
function ensureDirs(): void {
  const gid = pkcs11Gid();
  const dirs = [LOCK_DIR, path.join(LOCK_DIR, 'swtok'), DATA_DIR, SWTOK_DIR, path.join(SWTOK_DIR, 'TOK_OBJ')];
  for (const d of dirs) {
    if (!fs.existsSync(d)) {
      fs.mkdirSync(d, { recursive: true });
      fs.chmodSync(d, 0o770); // mkdir's mode is cut by the umask
      if (gid !== undefined) fs.chownSync(d, 0, gid);
    }
  }
}

async function stopStalePkcsslotd(): Promise<void> {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(PID_FILE, 'utf8').trim());
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 1 || !isLivePkcsslotd(pid)) return;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 50 && isLivePkcsslotd(pid); i++) await sleep(100);
  if (isLivePkcsslotd(pid)) process.kill(pid, 'SIGKILL');
  for (let i = 0; i < 20 && isLivePkcsslotd(pid); i++) await sleep(100);
}

/**
 * Makes sure a working pkcsslotd is running: leaves a reachable one alone, otherwise stops the
 * (unreachable) one named in the pid file, starts a new one and waits until C_Initialize succeeds.
 */
export async function ensurePkcsslotd(timeoutMs = 10_000): Promise<void> {
  if (slotdReachable()) return;
  await stopStalePkcsslotd();
  ensureDirs();
  // The daemon must not inherit pipes (node --test would wait for them to close): give it a file.
  const logPath = path.join(os.tmpdir(), `sigla-pkcsslotd-${process.pid}.log`);
  const fd = fs.openSync(logPath, 'w');
  try {
    execFileSync(PKCSSLOTD, [], { stdio: ['ignore', fd, fd], timeout: 10_000 });
  } catch (e) {
    throw new Error(`${PKCSSLOTD} failed to start:\n${fs.readFileSync(logPath, 'utf8')}`, { cause: e });
  } finally {
    fs.closeSync(fd);
  }
  const deadline = Date.now() + timeoutMs;
  while (!slotdReachable()) {
    if (Date.now() > deadline) {
      throw new Error(`pkcsslotd started but C_Initialize still fails after ${timeoutMs} ms:\n${fs.readFileSync(logPath, 'utf8')}`);
    }
    await sleep(100);
  }
  fs.rmSync(logPath, { force: true });
}

/** The slot ID of the soft token, from `pkcsconf -t` (which, unlike pkcs11-tool, names the model of an uninitialised token). */
function findSwSlot(): number {
  const out = run(PKCSCONF, ['-t']);
  for (const block of out.split(/^(?=Token #)/m)) {
    const m = /^Token #(\d+) Info:/.exec(block);
    if (m?.[1] !== undefined && new RegExp(`^\\s*Model:\\s*${SW_MODEL}\\s*$`, 'm').test(block)) return Number(m[1]);
  }
  throw new Error(`no openCryptoki soft token (${SW_MODEL}) in pkcsconf -t:\n${out}`);
}

/** Deletes the soft token's data (NVTOK.DAT, MK_SO, MK_USER, objects) and its shared memory: back to factory state. */
function wipeSwToken(): void {
  ensureDirs();
  for (const entry of fs.readdirSync(SWTOK_DIR)) {
    if (entry !== 'TOK_OBJ') fs.rmSync(path.join(SWTOK_DIR, entry), { recursive: true, force: true });
  }
  const objDir = path.join(SWTOK_DIR, 'TOK_OBJ');
  for (const entry of fs.readdirSync(objDir)) fs.rmSync(path.join(objDir, entry), { recursive: true, force: true });
  fs.rmSync(SWTOK_SHM, { force: true });
}

function checkPin(what: string, pin: string): void {
  if (pin.length < 4 || pin.length > 8) throw new Error(`openCryptoki ${what} must be 4..8 characters, got ${pin.length}`);
}

/**
 * A freshly initialised openCryptoki soft token: pkcsslotd running, token data wiped, token
 * initialised with `label`, SO PIN set to `soPin` and user PIN to `userPin`, no failure counts.
 * Every call gives a new token, whatever state (even SO-locked) the previous one was left in.
 */
export async function freshOpencryptokiToken(opts: { label?: string; userPin?: string; soPin?: string } = {}): Promise<OcToken> {
  const label = opts.label ?? DEFAULT_LABEL;
  const userPin = opts.userPin ?? DEFAULT_USER_PIN;
  const soPin = opts.soPin ?? DEFAULT_SO_PIN;
  checkPin('user PIN', userPin);
  checkPin('SO PIN', soPin);
  if (label.length === 0 || label.length > 32) throw new Error('token label must be 1..32 characters');

  await ensurePkcsslotd();
  wipeSwToken();
  const slot = findSwSlot();
  const env: NodeJS.ProcessEnv = { ...process.env };
  const tool = (...args: string[]): string => run('pkcs11-tool', ['--module', OPENCRYPTOKI_MODULE, '--slot', String(slot), ...args], env);

  tool('--init-token', '--label', label, '--so-pin', OC_FACTORY_SO_PIN);
  if (soPin !== OC_FACTORY_SO_PIN) {
    tool('--login', '--login-type', 'so', '--so-pin', OC_FACTORY_SO_PIN, '--change-pin', '--new-pin', soPin);
  }
  tool('--login', '--login-type', 'so', '--so-pin', soPin, '--init-pin', '--new-pin', userPin);

  const tok: OcToken = { module: OPENCRYPTOKI_MODULE, slot, label, userPin, soPin, env };
  const f = pkcs11ToolFlags(tok.module, label, env);
  const wantSo: PinState = soPin === OC_FACTORY_SO_PIN ? 'toBeChanged' : 'ok';
  if (f.userPin !== 'ok' || f.soPin !== wantSo) {
    throw new Error(`fresh openCryptoki token is not clean (user ${f.userPin}, SO ${f.soPin}):\n${f.raw}`);
  }
  return tok;
}

function pinState(bits: number, who: 'user' | 'so'): PinState {
  const u = who === 'user';
  if (!(bits & CKF.TOKEN_INITIALIZED)) return 'notInitialized';
  if (bits & (u ? CKF.USER_PIN_LOCKED : CKF.SO_PIN_LOCKED)) return 'locked';
  if (bits & (u ? CKF.USER_PIN_FINAL_TRY : CKF.SO_PIN_FINAL_TRY)) return 'finalTry';
  if (bits & (u ? CKF.USER_PIN_COUNT_LOW : CKF.SO_PIN_COUNT_LOW)) return 'countLow';
  if (u && !(bits & CKF.USER_PIN_INITIALIZED)) return 'notInitialized';
  if (bits & (u ? CKF.USER_PIN_TO_BE_CHANGED : CKF.SO_PIN_TO_BE_CHANGED)) return 'toBeChanged';
  return 'ok';
}

/**
 * The PIN state of the token labelled `label`, read independently with `pkcs11-tool -T`.
 * Precedence when several flags are set: locked > finalTry > countLow > notInitialized > toBeChanged > ok.
 */
export function pkcs11ToolFlags(module: string, label: string, env?: NodeJS.ProcessEnv): OcFlags {
  const raw = run('pkcs11-tool', ['--module', module, '--list-token-slots'], env);
  for (const block of raw.split(/^(?=Slot )/m)) {
    const l = /^\s*token label\s*:(.*)$/m.exec(block);
    if (l?.[1]?.trim() !== label) continue;
    const flagLine = /^\s*token flags\s*:(.*)$/m.exec(block)?.[1] ?? '';
    const names = flagLine.split(',').map((s) => s.trim()).filter((s) => s !== '');
    let bits = 0;
    for (const n of names) {
      const other = /^other flags=0x([0-9a-f]+)$/i.exec(n);
      if (other?.[1] !== undefined) {
        bits |= parseInt(other[1], 16);
        continue;
      }
      const known = FLAG_TEXT.find(([re]) => re.test(n));
      if (known) bits |= known[1];
    }
    return { userPin: pinState(bits, 'user'), soPin: pinState(bits, 'so'), bits, names, raw };
  }
  throw new Error(`no token labelled '${label}' in pkcs11-tool -T:\n${raw}`);
}

/** pkcs11ToolFlags() for an OcToken. */
export function ocFlags(tok: OcToken): OcFlags {
  return pkcs11ToolFlags(tok.module, tok.label, tok.env);
}

function login(tok: OcToken, args: readonly string[]): LoginResult {
  const r = tryRun('pkcs11-tool', ['--module', tok.module, '--slot', String(tok.slot), ...args], tok.env);
  const output = r.stderr + r.stdout;
  if (r.status === 0) return { ok: true, rv: 'CKR_OK', output };
  return { ok: false, rv: /rv = (CKR_\w+)/.exec(output)?.[1] ?? `exit ${r.status}`, output };
}

/** One user login (then an object listing) in a fresh pkcs11-tool process. */
export function userLogin(tok: OcToken, pin: string = tok.userPin): LoginResult {
  return login(tok, ['--login', '--login-type', 'user', '--pin', pin, '--list-objects']);
}

/** One SO login in a fresh pkcs11-tool process (R/W session: openCryptoki refuses SO login with CKR_SESSION_READ_ONLY_EXISTS otherwise). */
export function soLogin(tok: OcToken, soPin: string = tok.soPin): LoginResult {
  return login(tok, ['--session-rw', '--login', '--login-type', 'so', '--so-pin', soPin, '--list-objects']);
}

function wrongPinFor(pin: string): string {
  return pin === '99999999' ? '99999998' : '99999999';
}

/** One failed user login with a wrong (valid-length) PIN; throws if the login unexpectedly succeeds. */
export function wrongUserLogin(tok: OcToken, wrongPin: string = wrongPinFor(tok.userPin)): LoginResult {
  const r = userLogin(tok, wrongPin);
  if (r.ok) throw new Error(`user login with wrong PIN '${wrongPin}' succeeded`);
  return r;
}

/** One failed SO login with a wrong (valid-length) SO PIN; throws if it unexpectedly succeeds. */
export function wrongSoLogin(tok: OcToken, wrongPin: string = wrongPinFor(tok.soPin)): LoginResult {
  const r = soLogin(tok, wrongPin);
  if (r.ok) throw new Error(`SO login with wrong PIN '${wrongPin}' succeeded`);
  return r;
}

/** Locks the user PIN with three wrong logins. */
export function lockUserPin(tok: OcToken): void {
  for (let i = 0; i < 3; i++) wrongUserLogin(tok);
}

/**
 * SO login + C_InitPIN(newPin): unblocks a locked user PIN. Returns the token with the new user PIN.
 * Note (3.8): this clears CKF_USER_PIN_LOCKED, but on a PIN that is merely count-low / final-try
 * it leaves those flags set until the next successful user login.
 */
export function soUnblock(tok: OcToken, newPin: string): OcToken {
  checkPin('user PIN', newPin);
  const r = login(tok, ['--login', '--login-type', 'so', '--so-pin', tok.soPin, '--init-pin', '--new-pin', newPin]);
  if (!r.ok) throw new Error(`SO unblock (C_InitPIN) failed: ${r.rv}\n${r.output}`);
  return { ...tok, userPin: newPin };
}
