/**
 * The environment the token host starts with, for the CLI's `fork` and the app's utilityProcess alike. The host
 * loads vendor PKCS#11 modules (native code Sigla did not write) and needs no secret of its parent: PINs reach it
 * one at a time over its IPC channel, and it never talks to a TSA or a proxy. So it gets an ALLOW-LIST — what Node,
 * the C library and the middleware read — rather than the parent's environment minus a deny-list: a deny-list misses
 * whatever secret an office's login scripts happen to export (CI tokens, proxy URLs with a password in them...).
 * On top of the allow-list, any name that looks like a secret (PASSWORD, PASSWD, SECRET, TOKEN, CREDENTIAL, PIN,
 * PUK as a word) is dropped unless named exactly below; SIGLA_TSA_PASSWORD never passes.
 */

/** Exact names (compared in upper case: Windows names are case-insensitive). */
const NAMES = new Set([
  // Node and the C library
  'PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'LANGUAGE', 'TZ', 'TMPDIR', 'TMP', 'TEMP', 'LD_LIBRARY_PATH', 'NODE_V8_COVERAGE',
  // Middleware that asks on the desktop (pinpad notices of some vendors, smart-card dialogs)
  'DISPLAY', 'WAYLAND_DISPLAY', 'XAUTHORITY', 'DBUS_SESSION_BUS_ADDRESS',
  // SoftHSM2, OpenSC, PKCS#11 spy, opencryptoki
  'SOFTHSM2_CONF', 'OPENSC_CONF', 'OPENSC_DRIVER', 'PKCS11SPY', 'PKCS11SPY_OUTPUT', 'PKCS11_PROVIDER_MODULE',
  // Windows: what DLLs, the C runtime and the card middleware need to find themselves and the user's folders
  'SYSTEMROOT', 'WINDIR', 'SYSTEMDRIVE', 'USERPROFILE', 'USERNAME', 'USERDOMAIN', 'COMPUTERNAME', 'APPDATA', 'LOCALAPPDATA', 'PROGRAMDATA',
  'PROGRAMFILES', 'PROGRAMFILES(X86)', 'PROGRAMW6432', 'COMMONPROGRAMFILES', 'COMMONPROGRAMFILES(X86)', 'COMMONPROGRAMW6432', 'PATHEXT', 'COMSPEC',
  'NUMBER_OF_PROCESSORS', 'PROCESSOR_ARCHITECTURE', 'OS',
]);

/** Name prefixes: locale, XDG folders, pcsc-lite, p11-kit, opencryptoki, bit4id, OpenSC, Sigla's own (SIGLA_MODULE, SIGLA_DATA_DIR, the test shim's SIGLA_SHIM_*). */
const PREFIXES = ['LC_', 'XDG_', 'PCSCLITE_', 'P11_KIT_', 'OPENCRYPTOKI_', 'OCK_', 'BIT4ID_', 'OPENSC_', 'SIGLA_'];

/** Words that make a name look like it holds a secret; whole words for the short ones (SHIPPING is no PIN). */
const SECRET_LIKE = /PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|(^|_)(PIN|PUK|PASS|PWD|KEY|AUTH)(_|$)/;

/** Never, whatever the lists above say. */
const NEVER = new Set(['SIGLA_TSA_PASSWORD', 'NODE_OPTIONS']);

/** Whether a variable of the parent reaches the token host. */
export function passesToTokenHost(name: string): boolean {
  const n = name.toUpperCase();
  if (NEVER.has(n)) return false;
  if (NAMES.has(n)) return true;
  return PREFIXES.some((p) => n.startsWith(p)) && !SECRET_LIKE.test(n);
}

/** The token host's environment: the allow-listed variables of `env`, nothing else. */
export function tokenHostEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && passesToTokenHost(k)) out[k] = v;
  return out;
}
