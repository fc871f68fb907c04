/*
 * sigla-pkcs11-shim: a PKCS#11 v2.40 pass-through module that injects faults, for tests.
 *
 * The shim is itself a PKCS#11 module. C_Initialize dlopen()s a real module (SIGLA_SHIM_MODULE, default
 * SoftHSM2), and every call of the application goes through a wrapper here that either forwards it untouched or
 * changes what the application sees, as told by a plain `key=value` control file (SIGLA_SHIM_CONTROL) that is
 * re-read on every call, so a test may edit it while the process under test runs. native/README.md lists the keys.
 *
 * Section numbers (§) are those of "PKCS #11 Cryptographic Token Interface Base Specification Version 2.40":
 *   §3.2  CK_SLOT_INFO / CK_TOKEN_INFO flags          §5.5  slot and token management (C_GetSlotList ... C_SetPIN)
 *   §4.9  private key objects, CKA_ALWAYS_AUTHENTICATE  §5.6  session management (C_OpenSession ... C_Login, C_Logout)
 *   §5.1  function return values                       §5.7  object management (C_GetAttributeValue)
 *   §5.4  general-purpose functions                    §5.11 signing (C_SignInit, C_Sign, C_SignUpdate, C_SignFinal)
 *
 * This is a test tool: it is not hardened against hostile callers, keeps a non-cryptographic hash of the user PIN
 * in memory, and serialises its own bookkeeping behind one mutex (the real module is called outside of it, except
 * while a simulated removal closes the real sessions).
 */
#define _DEFAULT_SOURCE /* flock(), nanosleep() with glibc */
#define _DARWIN_C_SOURCE

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

/* pkcs11js ships the RSA/OASIS headers with the Unix platform macros (CK_PTR, CK_DEFINE_FUNCTION,
 * CK_DECLARE_FUNCTION, CK_DECLARE_FUNCTION_POINTER, CK_CALLBACK_FUNCTION, NULL_PTR) already defined inside
 * pkcs11.h, so it is included as is. Structures keep the natural alignment of the platform, as on every Unix. */
#include "pkcs11.h"

#define SHIM "sigla-pkcs11-shim"
#define DEFAULT_MODULE "/usr/lib/softhsm/libsofthsm2.so"
#define DEFAULT_LATENCY_FNS "C_Login,C_Sign"
#define WAIT_POLL_MS 50 /* C_WaitForSlotEvent without CKF_DONT_BLOCK polls the control file this often */

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/* ------------------------------------------------------------------------------------------------------------
 * Function identities: one per CK_FUNCTION_LIST entry, generated from pkcs11f.h so the list cannot drift.
 * ------------------------------------------------------------------------------------------------------------ */

enum fn_id {
#define CK_PKCS11_FUNCTION_INFO(name) FN_##name,
#include "pkcs11f.h"
#undef CK_PKCS11_FUNCTION_INFO
  FN_COUNT
};

static const char *const fn_names[FN_COUNT] = {
#define CK_PKCS11_FUNCTION_INFO(name) #name,
#include "pkcs11f.h"
#undef CK_PKCS11_FUNCTION_INFO
};

/* ------------------------------------------------------------------------------------------------------------
 * Configuration (the control file) and process state
 * ------------------------------------------------------------------------------------------------------------ */

struct config {
  int present;                 /* present=0|1 */
  long remove_after_signs;     /* remove_after_signs=N; -1 when unset */
  char device_error[1024];     /* device_error=C_Sign,C_Login */
  long device_error_after;     /* device_error_after=N */
  long latency_ms;             /* latency_ms=N */
  char latency_fns[1024];      /* latency_fns=C_Login,C_Sign */
  int always_authenticate;     /* always_authenticate=1 */
  int pinpad;                  /* pinpad=1 */
  int pinpad_cancel;           /* pinpad_cancel=1 */
  char pinpad_pin[256];        /* pinpad_pin=... */
  long pin_max_tries;          /* pin_max_tries=N (0 = no policy) */
  long so_pin_max_tries;       /* so_pin_max_tries=N */
  char pin_state_file[PATH_MAX];
  char sign_count_file[PATH_MAX];
  char stats_file[PATH_MAX];
};

/* What the shim remembers about each session opened through it. */
struct session {
  CK_SESSION_HANDLE handle;
  CK_SLOT_ID slot;
  int dead;        /* closed by a simulated removal: the application's handle is stale */
  int sign_active; /* a C_SignInit succeeded and the operation has not ended */
  int needs_ctx;   /* ... with a private key while always_authenticate=1 */
  int ctx_ok;      /* a C_Login(CKU_CONTEXT_SPECIFIC) succeeded since that C_SignInit */
};

enum pin_who { PIN_USER = 0, PIN_SO = 1 };
enum pin_op { PIN_GET, PIN_FAIL, PIN_RESET };
enum enter_kind { ENTER_GLOBAL, ENTER_SLOT, ENTER_SESSION };

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER; /* guards everything below */
static void *g_dl;                                         /* dlopen() handle of the real module */
static CK_FUNCTION_LIST_PTR g_real;                        /* the real module's function list */
static int g_initialized;                                  /* C_Initialize succeeded, C_Finalize not yet */
static struct config g_cfg;                                /* last reading of the control file */
static char g_control_path[PATH_MAX];                      /* SIGLA_SHIM_CONTROL at the last reading */
static int g_present = 1;                                  /* effective presence, as last reported */
static int g_removed_by_count;                             /* remove_after_signs fired (sticky) */
static unsigned long g_signs;                              /* completed C_Sign/C_SignFinal in this process */
static unsigned long g_ok_calls[FN_COUNT];                 /* successful calls per function */
static int g_event_pending;                                /* a presence change not yet reported */
static CK_SLOT_ID g_event_slot;                            /* ... and the slot to report it on */
static int g_user_logged_in;                               /* a C_Login(CKU_USER) succeeded, no C_Logout since */
static uint64_t g_user_pin_hash;                           /* hash of that PIN, for context-specific logins */
static long g_mem_failures[2];                             /* PIN counters when there is no state file */
static struct session *g_sessions;
static size_t g_nsessions, g_capsessions;

/* ------------------------------------------------------------------------------------------------------------
 * Small helpers
 * ------------------------------------------------------------------------------------------------------------ */

static void sleep_ms(long ms)
{
  struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
  while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {
  }
}

/* FNV-1a, 64 bit. Good enough to compare a context-specific PIN with the login PIN in a test tool. */
static uint64_t pin_hash(const CK_UTF8CHAR *pin, CK_ULONG len)
{
  uint64_t h = 0xcbf29ce484222325ULL;
  for (CK_ULONG i = 0; i < len; i++) {
    h ^= pin[i];
    h *= 0x100000001b3ULL;
  }
  return h ^ (uint64_t)len;
}

/* True when `name` is one of the comma/space separated items of `list`. */
static int list_has(const char *list, const char *name)
{
  size_t n = strlen(name);
  const char *p = list;
  while (*p) {
    while (*p == ',' || *p == ' ' || *p == '\t') p++;
    const char *start = p;
    while (*p && *p != ',' && *p != ' ' && *p != '\t') p++;
    if ((size_t)(p - start) == n && n > 0 && strncmp(start, name, n) == 0) return 1;
  }
  return 0;
}

static void copy_value(char *dst, size_t cap, const char *src)
{
  snprintf(dst, cap, "%s", src);
}

static void append_line(const char *path, const char *line)
{
  if (!path[0]) return;
  int fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0600);
  if (fd < 0) return;
  size_t len = strlen(line);
  ssize_t w = write(fd, line, len); /* one write(): lines from concurrent processes do not interleave */
  (void)w;
  close(fd);
}

/* Appends one line to stats_file (when set). Caller holds g_lock. */
__attribute__((format(printf, 1, 2))) static void stat_line(const char *fmt, ...)
{
  if (!g_cfg.stats_file[0]) return;
  char line[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(line, sizeof line - 1, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if ((size_t)n > sizeof line - 2) n = (int)(sizeof line - 2);
  line[n] = '\n';
  line[n + 1] = '\0';
  append_line(g_cfg.stats_file, line);
}

static const char *user_name(CK_USER_TYPE t)
{
  switch (t) {
  case CKU_USER: return "user";
  case CKU_SO: return "so";
  case CKU_CONTEXT_SPECIFIC: return "context";
  default: return "other";
  }
}

/* ------------------------------------------------------------------------------------------------------------
 * Control file
 * ------------------------------------------------------------------------------------------------------------ */

static void cfg_defaults(struct config *c)
{
  memset(c, 0, sizeof *c);
  c->present = 1;
  c->remove_after_signs = -1;
  copy_value(c->latency_fns, sizeof c->latency_fns, DEFAULT_LATENCY_FNS);
}

static char *trim(char *s)
{
  while (*s == ' ' || *s == '\t') s++;
  size_t n = strlen(s);
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) s[--n] = '\0';
  return s;
}

static long to_long(const char *v)
{
  char *end;
  long n = strtol(v, &end, 10);
  return end == v ? 0 : n;
}

static void cfg_set(struct config *c, const char *k, const char *v)
{
  if (!strcmp(k, "present")) c->present = to_long(v) != 0;
  else if (!strcmp(k, "remove_after_signs")) c->remove_after_signs = v[0] ? to_long(v) : -1;
  else if (!strcmp(k, "device_error")) copy_value(c->device_error, sizeof c->device_error, v);
  else if (!strcmp(k, "device_error_after")) c->device_error_after = to_long(v);
  else if (!strcmp(k, "latency_ms")) c->latency_ms = to_long(v);
  else if (!strcmp(k, "latency_fns")) copy_value(c->latency_fns, sizeof c->latency_fns, v);
  else if (!strcmp(k, "always_authenticate")) c->always_authenticate = to_long(v) != 0;
  else if (!strcmp(k, "pinpad")) c->pinpad = to_long(v) != 0;
  else if (!strcmp(k, "pinpad_cancel")) c->pinpad_cancel = to_long(v) != 0;
  else if (!strcmp(k, "pinpad_pin")) copy_value(c->pinpad_pin, sizeof c->pinpad_pin, v);
  else if (!strcmp(k, "pin_max_tries")) c->pin_max_tries = to_long(v);
  else if (!strcmp(k, "so_pin_max_tries")) c->so_pin_max_tries = to_long(v);
  else if (!strcmp(k, "pin_state_file")) copy_value(c->pin_state_file, sizeof c->pin_state_file, v);
  else if (!strcmp(k, "sign_count_file")) copy_value(c->sign_count_file, sizeof c->sign_count_file, v);
  else if (!strcmp(k, "stats_file")) copy_value(c->stats_file, sizeof c->stats_file, v);
  /* unknown keys are ignored, so an older shim accepts a newer control file */
}

/* Re-reads the control file into g_cfg (defaults when there is none). Caller holds g_lock. A re-read per call
 * costs one small open/read and makes every edit visible at once, whatever the file system's mtime granularity. */
static void cfg_reload_locked(void)
{
  struct config c;
  cfg_defaults(&c);
  const char *path = getenv("SIGLA_SHIM_CONTROL");
  copy_value(g_control_path, sizeof g_control_path, path ? path : "");
  FILE *f = g_control_path[0] ? fopen(g_control_path, "r") : NULL;
  if (f) {
    char line[4096];
    while (fgets(line, sizeof line, f)) {
      char *s = trim(line);
      if (!*s || *s == '#') continue;
      char *eq = strchr(s, '=');
      if (!eq) continue;
      *eq = '\0';
      cfg_set(&c, trim(s), trim(eq + 1));
    }
    fclose(f);
  }
  g_cfg = c;
}

/* ------------------------------------------------------------------------------------------------------------
 * PIN policy counters (BusinessKey style), shared between processes through a small state file
 *   user_failures=N
 *   so_failures=N
 * ------------------------------------------------------------------------------------------------------------ */

/* pin_state_file, else "<control file>.state"; 0 when there is neither (counters then live in memory). */
static int pin_state_path(char *out, size_t cap)
{
  int n;
  if (g_cfg.pin_state_file[0]) n = snprintf(out, cap, "%s", g_cfg.pin_state_file);
  else if (g_control_path[0]) n = snprintf(out, cap, "%s.state", g_control_path);
  else return 0;
  return n > 0 && (size_t)n < cap;
}

/* Reads, and for PIN_FAIL / PIN_RESET updates, the wrong-PIN counter of `who`; returns its (new) value.
 * The state file is flock()ed while it is read and rewritten. Caller holds g_lock. */
static long pin_counter_locked(enum pin_who who, enum pin_op op)
{
  char path[PATH_MAX];
  if (!pin_state_path(path, sizeof path)) {
    if (op == PIN_FAIL) g_mem_failures[who]++;
    else if (op == PIN_RESET) g_mem_failures[who] = 0;
    return g_mem_failures[who];
  }
  int fd = open(path, op == PIN_GET ? O_RDONLY : (O_RDWR | O_CREAT), 0600);
  if (fd < 0) return 0; /* no state file yet: no failures */
  flock(fd, op == PIN_GET ? LOCK_SH : LOCK_EX);
  long n[2] = { 0, 0 };
  char buf[256];
  ssize_t r = pread(fd, buf, sizeof buf - 1, 0);
  if (r > 0) {
    buf[r] = '\0';
    const char *u = strstr(buf, "user_failures=");
    const char *s = strstr(buf, "so_failures=");
    if (u) n[PIN_USER] = to_long(u + strlen("user_failures="));
    if (s) n[PIN_SO] = to_long(s + strlen("so_failures="));
  }
  if (op != PIN_GET) {
    n[who] = op == PIN_FAIL ? n[who] + 1 : 0;
    int len = snprintf(buf, sizeof buf, "user_failures=%ld\nso_failures=%ld\n", n[PIN_USER], n[PIN_SO]);
    if (ftruncate(fd, 0) == 0 && pwrite(fd, buf, (size_t)len, 0) != len) {
      /* a test tool: a short write shows up as a wrong counter in the test */
    }
  }
  flock(fd, LOCK_UN);
  close(fd);
  return n[who];
}

static long max_tries_locked(enum pin_who who)
{
  return who == PIN_SO ? g_cfg.so_pin_max_tries : g_cfg.pin_max_tries;
}

/* Records a wrong or a right PIN under the policy (no-op without pin_max_tries / so_pin_max_tries). */
static void pin_result_locked(enum pin_who who, int correct)
{
  if (max_tries_locked(who) > 0) pin_counter_locked(who, correct ? PIN_RESET : PIN_FAIL);
}

static int pin_locked_locked(enum pin_who who)
{
  long max = max_tries_locked(who);
  return max > 0 && pin_counter_locked(who, PIN_GET) >= max;
}

/* §3.2 CK_TOKEN_INFO flags: COUNT_LOW after a wrong PIN since the last good one, FINAL_TRY when one more wrong
 * PIN locks it, LOCKED when it is locked. The real module's own flags of those kinds are replaced. */
static CK_FLAGS pin_flags_locked(CK_FLAGS flags, enum pin_who who)
{
  long max = max_tries_locked(who);
  if (max <= 0) return flags;
  CK_FLAGS low = who == PIN_SO ? CKF_SO_PIN_COUNT_LOW : CKF_USER_PIN_COUNT_LOW;
  CK_FLAGS last = who == PIN_SO ? CKF_SO_PIN_FINAL_TRY : CKF_USER_PIN_FINAL_TRY;
  CK_FLAGS lock = who == PIN_SO ? CKF_SO_PIN_LOCKED : CKF_USER_PIN_LOCKED;
  long n = pin_counter_locked(who, PIN_GET);
  flags &= ~(low | last | lock);
  if (n >= 1) flags |= low;
  if (n == max - 1) flags |= last;
  if (n >= max) flags |= lock;
  return flags;
}

/* ------------------------------------------------------------------------------------------------------------
 * Session table
 * ------------------------------------------------------------------------------------------------------------ */

static struct session *session_find_locked(CK_SESSION_HANDLE h)
{
  for (size_t i = 0; i < g_nsessions; i++)
    if (g_sessions[i].handle == h) return &g_sessions[i];
  return NULL;
}

static struct session *session_add_locked(CK_SESSION_HANDLE h, CK_SLOT_ID slot)
{
  struct session *s = session_find_locked(h); /* a handle the real module re-used after a removal */
  if (!s) {
    if (g_nsessions == g_capsessions) {
      size_t cap = g_capsessions ? g_capsessions * 2 : 16;
      struct session *grown = realloc(g_sessions, cap * sizeof *grown);
      if (!grown) return NULL;
      g_sessions = grown;
      g_capsessions = cap;
    }
    s = &g_sessions[g_nsessions++];
  }
  memset(s, 0, sizeof *s);
  s->handle = h;
  s->slot = slot;
  return s;
}

static void session_forget_locked(CK_SESSION_HANDLE h)
{
  struct session *s = session_find_locked(h);
  if (s) *s = g_sessions[--g_nsessions];
}

static void sign_end(struct session *s)
{
  if (s) s->sign_active = s->needs_ctx = s->ctx_ok = 0;
}

/* ------------------------------------------------------------------------------------------------------------
 * Presence
 * ------------------------------------------------------------------------------------------------------------ */

/* The slot a presence change is reported on (C_WaitForSlotEvent): the first slot whose token is initialised,
 * else the first slot. Caller holds g_lock; the real module is called, never the shim. */
static CK_SLOT_ID event_slot_locked(void)
{
  CK_SLOT_ID slots[64];
  CK_ULONG n = 64;
  if (g_real->C_GetSlotList(CK_TRUE, slots, &n) != CKR_OK || n == 0) return 0;
  for (CK_ULONG i = 0; i < n; i++) {
    CK_TOKEN_INFO ti;
    if (g_real->C_GetTokenInfo(slots[i], &ti) == CKR_OK && (ti.flags & CKF_TOKEN_INITIALIZED)) return slots[i];
  }
  return slots[0];
}

/* A token that is pulled out ends its sessions and its login state (§5.6): the real sessions opened through the
 * shim are closed (which logs the real module out) and the application's handles become stale. */
static void presence_changed_locked(int present)
{
  g_present = present;
  g_event_pending = 1;
  g_event_slot = event_slot_locked();
  stat_line("presence %d", present);
  if (present) return;
  for (size_t i = 0; i < g_nsessions; i++) {
    if (!g_sessions[i].dead) g_real->C_CloseSession(g_sessions[i].handle);
    g_sessions[i].dead = 1;
    sign_end(&g_sessions[i]);
  }
  g_user_logged_in = 0;
}

/* remove_after_signs: once reached, the token is gone for the life of the library in this process. */
static void check_removal_locked(void)
{
  if (g_cfg.remove_after_signs >= 0 && g_signs >= (unsigned long)g_cfg.remove_after_signs && !g_removed_by_count) {
    g_removed_by_count = 1;
    stat_line("removed after %lu signatures", g_signs);
  }
}

/* Re-reads the control file and applies a presence change. Caller holds g_lock, g_initialized is true. */
static void refresh_locked(void)
{
  cfg_reload_locked();
  check_removal_locked();
  int present = g_cfg.present && !g_removed_by_count;
  if (present != g_present) presence_changed_locked(present);
}

static int token_present(void)
{
  pthread_mutex_lock(&g_lock);
  int p = g_present;
  pthread_mutex_unlock(&g_lock);
  return p;
}

/* ------------------------------------------------------------------------------------------------------------
 * Common prologue / epilogue of the wrappers
 * ------------------------------------------------------------------------------------------------------------ */

/* Runs before any forwarding: re-reads the control file, then, in this order,
 *   - ENTER_SESSION while the token is absent: CKR_DEVICE_REMOVED (§5.1.3); on a session that died with an
 *     earlier removal: CKR_SESSION_HANDLE_INVALID (§5.1.2);
 *   - ENTER_SLOT while the token is absent: CKR_TOKEN_NOT_PRESENT (§5.1.3);
 *   - latency_ms when the function is in latency_fns;
 *   - CKR_DEVICE_ERROR when the function is in device_error (after device_error_after successful calls).
 * Returns CKR_OK when the caller should go on. */
static CK_RV enter(enum fn_id fn, enum enter_kind kind, CK_SESSION_HANDLE h)
{
  CK_RV rv = CKR_OK;
  long latency = 0;
  pthread_mutex_lock(&g_lock);
  if (!g_initialized) {
    rv = CKR_CRYPTOKI_NOT_INITIALIZED;
  } else {
    refresh_locked();
    if (kind == ENTER_SESSION) {
      struct session *s = session_find_locked(h);
      if (!g_present) rv = CKR_DEVICE_REMOVED;
      else if (s && s->dead) rv = CKR_SESSION_HANDLE_INVALID;
    } else if (kind == ENTER_SLOT && !g_present) {
      rv = CKR_TOKEN_NOT_PRESENT;
    }
    if (rv == CKR_OK && g_cfg.latency_ms > 0 && list_has(g_cfg.latency_fns, fn_names[fn])) latency = g_cfg.latency_ms;
  }
  pthread_mutex_unlock(&g_lock);
  if (rv != CKR_OK) return rv;
  if (latency > 0) sleep_ms(latency);
  pthread_mutex_lock(&g_lock);
  if (list_has(g_cfg.device_error, fn_names[fn]) && g_ok_calls[fn] >= (unsigned long)(g_cfg.device_error_after > 0 ? g_cfg.device_error_after : 0)) {
    rv = CKR_DEVICE_ERROR;
    stat_line("device_error %s", fn_names[fn]);
  }
  pthread_mutex_unlock(&g_lock);
  return rv;
}

/* Counts a successful call (device_error_after counts these). */
static void leave(enum fn_id fn, CK_RV rv)
{
  if (rv != CKR_OK) return;
  pthread_mutex_lock(&g_lock);
  g_ok_calls[fn]++;
  pthread_mutex_unlock(&g_lock);
}

/* Wrappers that only forward (after enter()). */
#define PASS(kind, name, params, args, handle) \
  static CK_RV w_##name params                 \
  {                                            \
    CK_RV rv = enter(FN_##name, kind, handle); \
    if (rv != CKR_OK) return rv;               \
    rv = g_real->name args;                    \
    leave(FN_##name, rv);                      \
    return rv;                                 \
  }
#define PASS_SESSION(name, params, args) PASS(ENTER_SESSION, name, params, args, hSession)
#define PASS_SLOT(name, params, args) PASS(ENTER_SLOT, name, params, args, 0)

/* ------------------------------------------------------------------------------------------------------------
 * §5.4 General-purpose functions
 * ------------------------------------------------------------------------------------------------------------ */

CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR ppFunctionList) __attribute__((visibility("default")));

static CK_RV load_real_locked(void)
{
  const char *path = getenv("SIGLA_SHIM_MODULE");
  if (!path || !*path) path = DEFAULT_MODULE;
  void *dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!dl) {
    fprintf(stderr, SHIM ": cannot load %s: %s\n", path, dlerror());
    return CKR_GENERAL_ERROR;
  }
  CK_C_GetFunctionList get = (CK_C_GetFunctionList)dlsym(dl, "C_GetFunctionList");
  CK_FUNCTION_LIST_PTR list = NULL;
  if (!get || get == C_GetFunctionList || get(&list) != CKR_OK || !list) {
    fprintf(stderr, SHIM ": %s is not a usable PKCS#11 module\n", path);
    dlclose(dl);
    return CKR_GENERAL_ERROR;
  }
  g_dl = dl;
  g_real = list;
  return CKR_OK;
}

/* The real module stays loaded after C_Finalize (a later C_Initialize re-uses it): unloading and reloading
 * SoftHSM2 and its OpenSSL in one process gains nothing for a test tool. */
static CK_RV w_C_Initialize(CK_VOID_PTR pInitArgs)
{
  CK_RV rv = CKR_OK;
  long latency = 0;
  pthread_mutex_lock(&g_lock);
  cfg_reload_locked();
  if (list_has(g_cfg.device_error, "C_Initialize")) {
    stat_line("device_error C_Initialize");
    rv = CKR_DEVICE_ERROR;
  } else if (!g_real) {
    rv = load_real_locked();
  }
  if (list_has(g_cfg.latency_fns, "C_Initialize")) latency = g_cfg.latency_ms;
  pthread_mutex_unlock(&g_lock);
  if (rv != CKR_OK) return rv;
  if (latency > 0) sleep_ms(latency);
  rv = g_real->C_Initialize(pInitArgs);
  if (rv == CKR_OK) {
    pthread_mutex_lock(&g_lock);
    g_initialized = 1;
    check_removal_locked();
    g_present = g_cfg.present && !g_removed_by_count; /* the state at start-up is not an event */
    g_event_pending = 0;
    g_ok_calls[FN_C_Initialize]++;
    pthread_mutex_unlock(&g_lock);
  }
  return rv;
}

static CK_RV w_C_Finalize(CK_VOID_PTR pReserved)
{
  pthread_mutex_lock(&g_lock);
  int loaded = g_real != NULL;
  pthread_mutex_unlock(&g_lock);
  if (!loaded) return CKR_CRYPTOKI_NOT_INITIALIZED;
  CK_RV rv = g_real->C_Finalize(pReserved);
  if (rv == CKR_OK) {
    pthread_mutex_lock(&g_lock);
    g_initialized = 0; /* a thread blocked in C_WaitForSlotEvent now returns CKR_CRYPTOKI_NOT_INITIALIZED */
    g_nsessions = 0;
    g_user_logged_in = 0;
    g_event_pending = 0;
    pthread_mutex_unlock(&g_lock);
  }
  return rv;
}

PASS(ENTER_GLOBAL, C_GetInfo, (CK_INFO_PTR pInfo), (pInfo), 0)

/* ------------------------------------------------------------------------------------------------------------
 * §5.5 Slot and token management functions
 * ------------------------------------------------------------------------------------------------------------ */

/* §5.5 C_GetSlotList: with tokenPresent = CK_TRUE only slots holding a token are listed; while absent, none. */
static CK_RV w_C_GetSlotList(CK_BBOOL tokenPresent, CK_SLOT_ID_PTR pSlotList, CK_ULONG_PTR pulCount)
{
  CK_RV rv = enter(FN_C_GetSlotList, ENTER_GLOBAL, 0);
  if (rv != CKR_OK) return rv;
  if (tokenPresent && !token_present()) {
    if (!pulCount) return CKR_ARGUMENTS_BAD;
    *pulCount = 0;
    rv = CKR_OK;
  } else {
    rv = g_real->C_GetSlotList(tokenPresent, pSlotList, pulCount);
  }
  leave(FN_C_GetSlotList, rv);
  return rv;
}

/* §3.2 CK_SLOT_INFO: CKF_TOKEN_PRESENT is cleared while the token is absent. */
static CK_RV w_C_GetSlotInfo(CK_SLOT_ID slotID, CK_SLOT_INFO_PTR pInfo)
{
  CK_RV rv = enter(FN_C_GetSlotInfo, ENTER_GLOBAL, 0);
  if (rv != CKR_OK) return rv;
  rv = g_real->C_GetSlotInfo(slotID, pInfo);
  if (rv == CKR_OK && !token_present()) pInfo->flags &= ~CKF_TOKEN_PRESENT;
  leave(FN_C_GetSlotInfo, rv);
  return rv;
}

/* §5.5 C_GetTokenInfo, §3.2 CK_TOKEN_INFO flags: CKF_PROTECTED_AUTHENTICATION_PATH with pinpad=1; the PIN
 * policy's COUNT_LOW / FINAL_TRY / LOCKED flags for the user and the SO PIN. */
static CK_RV w_C_GetTokenInfo(CK_SLOT_ID slotID, CK_TOKEN_INFO_PTR pInfo)
{
  CK_RV rv = enter(FN_C_GetTokenInfo, ENTER_SLOT, 0);
  if (rv != CKR_OK) return rv;
  rv = g_real->C_GetTokenInfo(slotID, pInfo);
  if (rv == CKR_OK) {
    pthread_mutex_lock(&g_lock);
    if (g_cfg.pinpad) pInfo->flags |= CKF_PROTECTED_AUTHENTICATION_PATH;
    pInfo->flags = pin_flags_locked(pInfo->flags, PIN_USER);
    pInfo->flags = pin_flags_locked(pInfo->flags, PIN_SO);
    pthread_mutex_unlock(&g_lock);
  }
  leave(FN_C_GetTokenInfo, rv);
  return rv;
}

/* §5.5 C_WaitForSlotEvent, answered by the shim alone (SoftHSM2 does not implement it): each presence change
 * is one event on the token's slot. With CKF_DONT_BLOCK: the slot and CKR_OK, or CKR_NO_EVENT. Without it: polls
 * the control file until a change, or returns CKR_CRYPTOKI_NOT_INITIALIZED when C_Finalize is called. */
static CK_RV w_C_WaitForSlotEvent(CK_FLAGS flags, CK_SLOT_ID_PTR pSlot, CK_VOID_PTR pReserved)
{
  CK_RV rv = enter(FN_C_WaitForSlotEvent, ENTER_GLOBAL, 0);
  if (rv != CKR_OK) return rv;
  if (!pSlot || pReserved) return CKR_ARGUMENTS_BAD;
  for (;;) {
    pthread_mutex_lock(&g_lock);
    if (!g_initialized) {
      pthread_mutex_unlock(&g_lock);
      return CKR_CRYPTOKI_NOT_INITIALIZED;
    }
    refresh_locked();
    if (g_event_pending) {
      g_event_pending = 0;
      *pSlot = g_event_slot;
      g_ok_calls[FN_C_WaitForSlotEvent]++;
      pthread_mutex_unlock(&g_lock);
      return CKR_OK;
    }
    pthread_mutex_unlock(&g_lock);
    if (flags & CKF_DONT_BLOCK) return CKR_NO_EVENT;
    sleep_ms(WAIT_POLL_MS);
  }
}

PASS_SLOT(C_GetMechanismList, (CK_SLOT_ID slotID, CK_MECHANISM_TYPE_PTR pMechanismList, CK_ULONG_PTR pulCount),
          (slotID, pMechanismList, pulCount))
PASS_SLOT(C_GetMechanismInfo, (CK_SLOT_ID slotID, CK_MECHANISM_TYPE type, CK_MECHANISM_INFO_PTR pInfo),
          (slotID, type, pInfo))
PASS_SLOT(C_InitToken, (CK_SLOT_ID slotID, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen, CK_UTF8CHAR_PTR pLabel),
          (slotID, pPin, ulPinLen, pLabel))

/* §5.5 C_InitPIN (SO session): a new user PIN unblocks it, so the policy's user counter is reset. */
static CK_RV w_C_InitPIN(CK_SESSION_HANDLE hSession, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen)
{
  CK_RV rv = enter(FN_C_InitPIN, ENTER_SESSION, hSession);
  if (rv != CKR_OK) return rv;
  rv = g_real->C_InitPIN(hSession, pPin, ulPinLen);
  pthread_mutex_lock(&g_lock);
  if (rv == CKR_OK) {
    pin_result_locked(PIN_USER, 1);
    g_ok_calls[FN_C_InitPIN]++;
    stat_line("initpin ok");
  } else {
    stat_line("initpin rv=0x%lx", (unsigned long)rv);
  }
  pthread_mutex_unlock(&g_lock);
  return rv;
}

/* §5.5 C_SetPIN changes the PIN of the SO in an SO session, else the user's (§5.6 session states). The old PIN
 * is checked like a login, so it counts for the policy. */
static CK_RV w_C_SetPIN(CK_SESSION_HANDLE hSession, CK_UTF8CHAR_PTR pOldPin, CK_ULONG ulOldLen, CK_UTF8CHAR_PTR pNewPin,
                        CK_ULONG ulNewLen)
{
  CK_RV rv = enter(FN_C_SetPIN, ENTER_SESSION, hSession);
  if (rv != CKR_OK) return rv;
  CK_SESSION_INFO si;
  enum pin_who who = PIN_USER;
  if (g_real->C_GetSessionInfo(hSession, &si) == CKR_OK && si.state == CKS_RW_SO_FUNCTIONS) who = PIN_SO;
  const char *name = who == PIN_SO ? "so" : "user";
  pthread_mutex_lock(&g_lock);
  int locked = pin_locked_locked(who);
  if (locked) stat_line("setpin %s locked", name);
  pthread_mutex_unlock(&g_lock);
  if (locked) return CKR_PIN_LOCKED;
  rv = g_real->C_SetPIN(hSession, pOldPin, ulOldLen, pNewPin, ulNewLen);
  pthread_mutex_lock(&g_lock);
  if (rv == CKR_OK) {
    pin_result_locked(who, 1);
    if (who == PIN_USER && g_user_logged_in && pNewPin) g_user_pin_hash = pin_hash(pNewPin, ulNewLen);
    g_ok_calls[FN_C_SetPIN]++;
    stat_line("setpin %s ok", name);
  } else if (rv == CKR_PIN_INCORRECT) {
    pin_result_locked(who, 0);
    stat_line("setpin %s incorrect", name);
  } else {
    stat_line("setpin %s rv=0x%lx", name, (unsigned long)rv);
  }
  pthread_mutex_unlock(&g_lock);
  return rv;
}

/* ------------------------------------------------------------------------------------------------------------
 * §5.6 Session management functions
 * ------------------------------------------------------------------------------------------------------------ */

static CK_RV w_C_OpenSession(CK_SLOT_ID slotID, CK_FLAGS flags, CK_VOID_PTR pApplication, CK_NOTIFY Notify,
                             CK_SESSION_HANDLE_PTR phSession)
{
  CK_RV rv = enter(FN_C_OpenSession, ENTER_SLOT, 0);
  if (rv != CKR_OK) return rv;
  rv = g_real->C_OpenSession(slotID, flags, pApplication, Notify, phSession);
  if (rv == CKR_OK) {
    pthread_mutex_lock(&g_lock);
    session_add_locked(*phSession, slotID);
    g_ok_calls[FN_C_OpenSession]++;
    pthread_mutex_unlock(&g_lock);
  }
  return rv;
}

/* A session that died with a removal is forgotten without calling the real module (it closed it already). */
static CK_RV w_C_CloseSession(CK_SESSION_HANDLE hSession)
{
  CK_RV rv = enter(FN_C_CloseSession, ENTER_SESSION, hSession);
  if (rv == CKR_DEVICE_REMOVED || rv == CKR_SESSION_HANDLE_INVALID) {
    pthread_mutex_lock(&g_lock);
    session_forget_locked(hSession);
    pthread_mutex_unlock(&g_lock);
    return rv;
  }
  if (rv != CKR_OK) return rv;
  rv = g_real->C_CloseSession(hSession);
  pthread_mutex_lock(&g_lock);
  if (rv == CKR_OK || rv == CKR_SESSION_HANDLE_INVALID) session_forget_locked(hSession);
  if (rv == CKR_OK) g_ok_calls[FN_C_CloseSession]++;
  pthread_mutex_unlock(&g_lock);
  return rv;
}

/* Lenient on purpose: clean-up code keeps working while the token is absent (its real sessions are gone). */
static CK_RV w_C_CloseAllSessions(CK_SLOT_ID slotID)
{
  CK_RV rv = enter(FN_C_CloseAllSessions, ENTER_GLOBAL, 0);
  if (rv != CKR_OK) return rv;
  rv = g_real->C_CloseAllSessions(slotID);
  pthread_mutex_lock(&g_lock);
  if (rv == CKR_OK) {
    for (size_t i = 0; i < g_nsessions;) {
      if (g_sessions[i].slot == slotID) g_sessions[i] = g_sessions[--g_nsessions];
      else i++;
    }
    g_ok_calls[FN_C_CloseAllSessions]++;
  }
  pthread_mutex_unlock(&g_lock);
  return rv;
}

PASS_SESSION(C_GetSessionInfo, (CK_SESSION_HANDLE hSession, CK_SESSION_INFO_PTR pInfo), (hSession, pInfo))
PASS_SESSION(C_GetOperationState, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pOperationState, CK_ULONG_PTR pulOperationStateLen),
             (hSession, pOperationState, pulOperationStateLen))
PASS_SESSION(C_SetOperationState,
             (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pOperationState, CK_ULONG ulOperationStateLen, CK_OBJECT_HANDLE hEncryptionKey,
              CK_OBJECT_HANDLE hAuthenticationKey),
             (hSession, pOperationState, ulOperationStateLen, hEncryptionKey, hAuthenticationKey))

/* §5.6 C_Login with CKU_CONTEXT_SPECIFIC while always_authenticate=1, answered by the shim (§4.9: the PIN must be
 * given again right after C_SignInit with a CKA_ALWAYS_AUTHENTICATE key). It must equal the PIN of the last
 * successful CKU_USER login; a wrong one counts for the user PIN policy. */
static CK_RV context_login(CK_SESSION_HANDLE hSession, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen)
{
  CK_RV rv;
  pthread_mutex_lock(&g_lock);
  struct session *s = session_find_locked(hSession);
  if (!s || !s->sign_active || !s->needs_ctx) {
    rv = CKR_OPERATION_NOT_INITIALIZED;
    stat_line("login context rv=0x%lx", (unsigned long)rv);
  } else if (!g_user_logged_in) {
    rv = CKR_USER_NOT_LOGGED_IN;
    stat_line("login context rv=0x%lx", (unsigned long)rv);
  } else if (!pPin) {
    rv = CKR_ARGUMENTS_BAD;
    stat_line("login context rv=0x%lx", (unsigned long)rv);
  } else if (pin_hash(pPin, ulPinLen) != g_user_pin_hash) {
    rv = CKR_PIN_INCORRECT;
    pin_result_locked(PIN_USER, 0);
    stat_line("login context incorrect");
  } else {
    rv = CKR_OK;
    s->ctx_ok = 1;
    pin_result_locked(PIN_USER, 1);
    g_ok_calls[FN_C_Login]++;
    stat_line("login context ok");
  }
  pthread_mutex_unlock(&g_lock);
  return rv;
}

/* §5.6 C_Login. Order: presence / latency / device_error (enter), then the PIN policy (a locked PIN refuses
 * without asking the token), then the PIN pad (pPin == NULL_PTR or ulPinLen == 0 with CKF_PROTECTED_AUTHENTICATION_PATH, §5.6:
 * the PIN comes from the reader, here pinpad_pin, or the user cancels: CKR_FUNCTION_CANCELED), then the token. */
static CK_RV w_C_Login(CK_SESSION_HANDLE hSession, CK_USER_TYPE userType, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen)
{
  const char *who_name = user_name(userType);
  CK_RV rv = enter(FN_C_Login, ENTER_SESSION, hSession);
  if (rv != CKR_OK) return rv;

  CK_UTF8CHAR pad[sizeof g_cfg.pinpad_pin];
  pthread_mutex_lock(&g_lock);
  int shim_context = userType == CKU_CONTEXT_SPECIFIC && g_cfg.always_authenticate;
  int policed = userType == CKU_USER || userType == CKU_SO || shim_context;
  enum pin_who who = userType == CKU_SO ? PIN_SO : PIN_USER;
  if (policed && pin_locked_locked(who)) {
    stat_line("login %s locked", who_name);
    pthread_mutex_unlock(&g_lock);
    return CKR_PIN_LOCKED;
  }
  /* A zero-length PIN counts as "use the reader" too: pkcs11js cannot pass NULL_PTR, and OpenSC and most
   * middleware treat ulPinLen == 0 on a protected-authentication-path token the same way. */
  if ((!pPin || ulPinLen == 0) && g_cfg.pinpad) {
    if (g_cfg.pinpad_cancel) {
      stat_line("login %s canceled", who_name);
      pthread_mutex_unlock(&g_lock);
      return CKR_FUNCTION_CANCELED;
    }
    ulPinLen = (CK_ULONG)strlen(g_cfg.pinpad_pin);
    memcpy(pad, g_cfg.pinpad_pin, ulPinLen);
    pPin = pad;
    stat_line("pinpad %s", who_name);
  }
  pthread_mutex_unlock(&g_lock);

  if (shim_context) return context_login(hSession, pPin, ulPinLen);

  rv = g_real->C_Login(hSession, userType, pPin, ulPinLen);
  pthread_mutex_lock(&g_lock);
  if (policed) {
    if (rv == CKR_OK) {
      pin_result_locked(who, 1);
      if (userType == CKU_USER) {
        g_user_logged_in = 1;
        g_user_pin_hash = pPin ? pin_hash(pPin, ulPinLen) : 0;
      }
      stat_line("login %s ok", who_name);
    } else if (rv == CKR_PIN_INCORRECT) {
      pin_result_locked(who, 0);
      stat_line("login %s incorrect", who_name);
    } else {
      stat_line("login %s rv=0x%lx", who_name, (unsigned long)rv);
    }
  } else {
    stat_line("login %s rv=0x%lx", who_name, (unsigned long)rv);
  }
  if (rv == CKR_OK) g_ok_calls[FN_C_Login]++;
  pthread_mutex_unlock(&g_lock);
  return rv;
}

/* §5.6 C_Logout: the login state is per application, not per session. */
static CK_RV w_C_Logout(CK_SESSION_HANDLE hSession)
{
  CK_RV rv = enter(FN_C_Logout, ENTER_SESSION, hSession);
  if (rv != CKR_OK) return rv;
  rv = g_real->C_Logout(hSession);
  pthread_mutex_lock(&g_lock);
  if (rv == CKR_OK || rv == CKR_USER_NOT_LOGGED_IN) g_user_logged_in = 0;
  if (rv == CKR_OK) g_ok_calls[FN_C_Logout]++;
  stat_line("logout rv=0x%lx", (unsigned long)rv);
  pthread_mutex_unlock(&g_lock);
  return rv;
}

/* ------------------------------------------------------------------------------------------------------------
 * §5.7 Object management functions
 * ------------------------------------------------------------------------------------------------------------ */

PASS_SESSION(C_CreateObject, (CK_SESSION_HANDLE hSession, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount, CK_OBJECT_HANDLE_PTR phObject),
             (hSession, pTemplate, ulCount, phObject))
PASS_SESSION(C_CopyObject,
             (CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount,
              CK_OBJECT_HANDLE_PTR phNewObject),
             (hSession, hObject, pTemplate, ulCount, phNewObject))
PASS_SESSION(C_DestroyObject, (CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject), (hSession, hObject))
PASS_SESSION(C_GetObjectSize, (CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, CK_ULONG_PTR pulSize), (hSession, hObject, pulSize))
PASS_SESSION(C_SetAttributeValue, (CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount),
             (hSession, hObject, pTemplate, ulCount))
PASS_SESSION(C_FindObjectsInit, (CK_SESSION_HANDLE hSession, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount), (hSession, pTemplate, ulCount))
PASS_SESSION(C_FindObjects, (CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE_PTR phObject, CK_ULONG ulMaxObjectCount, CK_ULONG_PTR pulObjectCount),
             (hSession, phObject, ulMaxObjectCount, pulObjectCount))
PASS_SESSION(C_FindObjectsFinal, (CK_SESSION_HANDLE hSession), (hSession))

/* CKA_CLASS of an object, asked of the real module. */
static int is_private_key(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject)
{
  CK_OBJECT_CLASS cls = 0;
  CK_ATTRIBUTE a = { CKA_CLASS, &cls, sizeof cls };
  return g_real->C_GetAttributeValue(hSession, hObject, &a, 1) == CKR_OK && cls == CKO_PRIVATE_KEY;
}

/* §5.7 C_GetAttributeValue; with always_authenticate=1 a private key (§4.9) reports CKA_ALWAYS_AUTHENTICATE =
 * CK_TRUE, following the §5.7 rules for each template entry (length query, buffer too small). */
static CK_RV w_C_GetAttributeValue(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount)
{
  CK_RV rv = enter(FN_C_GetAttributeValue, ENTER_SESSION, hSession);
  if (rv != CKR_OK) return rv;
  rv = g_real->C_GetAttributeValue(hSession, hObject, pTemplate, ulCount);
  pthread_mutex_lock(&g_lock);
  int patch = g_cfg.always_authenticate;
  pthread_mutex_unlock(&g_lock);
  /* Only these results mean that every template entry was processed (§5.7). */
  int processed = rv == CKR_OK || rv == CKR_ATTRIBUTE_SENSITIVE || rv == CKR_ATTRIBUTE_TYPE_INVALID || rv == CKR_BUFFER_TOO_SMALL;
  if (patch && processed && pTemplate) {
    int asked = 0;
    for (CK_ULONG i = 0; i < ulCount; i++) asked |= pTemplate[i].type == CKA_ALWAYS_AUTHENTICATE;
    if (asked && is_private_key(hSession, hObject)) {
      int too_small = 0, invalid = 0, sensitive = 0;
      for (CK_ULONG i = 0; i < ulCount; i++) {
        CK_ATTRIBUTE_PTR a = &pTemplate[i];
        if (a->type == CKA_ALWAYS_AUTHENTICATE) {
          if (!a->pValue) {
            a->ulValueLen = sizeof(CK_BBOOL);
          } else if (a->ulValueLen >= sizeof(CK_BBOOL)) {
            *(CK_BBOOL *)a->pValue = CK_TRUE;
            a->ulValueLen = sizeof(CK_BBOOL);
          } else {
            a->ulValueLen = CK_UNAVAILABLE_INFORMATION;
            too_small = 1;
          }
        } else if (a->ulValueLen == CK_UNAVAILABLE_INFORMATION) {
          /* the real module's verdict on another entry; which of the three it was is in rv */
          invalid |= rv == CKR_ATTRIBUTE_TYPE_INVALID;
          sensitive |= rv == CKR_ATTRIBUTE_SENSITIVE;
          too_small |= rv == CKR_BUFFER_TOO_SMALL;
        }
      }
      rv = sensitive ? CKR_ATTRIBUTE_SENSITIVE : invalid ? CKR_ATTRIBUTE_TYPE_INVALID : too_small ? CKR_BUFFER_TOO_SMALL : CKR_OK;
    }
  }
  leave(FN_C_GetAttributeValue, rv);
  return rv;
}

/* ------------------------------------------------------------------------------------------------------------
 * Encryption, decryption, digesting (§5.8 - §5.10): forwarded
 * ------------------------------------------------------------------------------------------------------------ */

PASS_SESSION(C_EncryptInit, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey), (hSession, pMechanism, hKey))
PASS_SESSION(C_Encrypt,
             (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pEncryptedData, CK_ULONG_PTR pulEncryptedDataLen),
             (hSession, pData, ulDataLen, pEncryptedData, pulEncryptedDataLen))
PASS_SESSION(C_EncryptUpdate,
             (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen, CK_BYTE_PTR pEncryptedPart, CK_ULONG_PTR pulEncryptedPartLen),
             (hSession, pPart, ulPartLen, pEncryptedPart, pulEncryptedPartLen))
PASS_SESSION(C_EncryptFinal, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pLastEncryptedPart, CK_ULONG_PTR pulLastEncryptedPartLen),
             (hSession, pLastEncryptedPart, pulLastEncryptedPartLen))
PASS_SESSION(C_DecryptInit, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey), (hSession, pMechanism, hKey))
PASS_SESSION(C_Decrypt,
             (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedData, CK_ULONG ulEncryptedDataLen, CK_BYTE_PTR pData, CK_ULONG_PTR pulDataLen),
             (hSession, pEncryptedData, ulEncryptedDataLen, pData, pulDataLen))
PASS_SESSION(C_DecryptUpdate,
             (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedPart, CK_ULONG ulEncryptedPartLen, CK_BYTE_PTR pPart, CK_ULONG_PTR pulPartLen),
             (hSession, pEncryptedPart, ulEncryptedPartLen, pPart, pulPartLen))
PASS_SESSION(C_DecryptFinal, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pLastPart, CK_ULONG_PTR pulLastPartLen), (hSession, pLastPart, pulLastPartLen))
PASS_SESSION(C_DigestInit, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism), (hSession, pMechanism))
PASS_SESSION(C_Digest, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pDigest, CK_ULONG_PTR pulDigestLen),
             (hSession, pData, ulDataLen, pDigest, pulDigestLen))
PASS_SESSION(C_DigestUpdate, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen), (hSession, pPart, ulPartLen))
PASS_SESSION(C_DigestKey, (CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hKey), (hSession, hKey))
PASS_SESSION(C_DigestFinal, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pDigest, CK_ULONG_PTR pulDigestLen), (hSession, pDigest, pulDigestLen))

/* ------------------------------------------------------------------------------------------------------------
 * §5.11 Signing functions
 * ------------------------------------------------------------------------------------------------------------ */

/* §5.11: a C_Sign / C_SignUpdate / C_SignFinal that fails (other than CKR_BUFFER_TOO_SMALL) ends the operation.
 * When the shim makes one fail without asking the token, it ends the real operation too, so that the next
 * C_SignInit does not get CKR_OPERATION_ACTIVE: any C_Sign with a non-NULL buffer that is large enough ends it,
 * whether it succeeds or not, and C_SignFinal ends a multi-part one. The results are thrown away. */
static void abort_real_sign(CK_SESSION_HANDLE hSession)
{
  CK_BYTE buf[8192], none = 0;
  CK_ULONG len = sizeof buf;
  g_real->C_Sign(hSession, &none, 0, buf, &len);
  len = sizeof buf;
  g_real->C_SignFinal(hSession, buf, &len);
}

/* Refusal of a shim-made error in the middle of a signing operation (device_error, always_authenticate). */
static CK_RV sign_refuse(CK_SESSION_HANDLE hSession, CK_RV rv)
{
  abort_real_sign(hSession);
  pthread_mutex_lock(&g_lock);
  sign_end(session_find_locked(hSession));
  if (rv == CKR_USER_NOT_LOGGED_IN) stat_line("sign denied (no context login)");
  pthread_mutex_unlock(&g_lock);
  return rv;
}

/* True when always_authenticate demands a context-specific login that has not happened. */
static int needs_context_login(CK_SESSION_HANDLE hSession)
{
  pthread_mutex_lock(&g_lock);
  struct session *s = session_find_locked(hSession);
  int missing = s && s->needs_ctx && !s->ctx_ok;
  pthread_mutex_unlock(&g_lock);
  return missing;
}

/* Bookkeeping after a forwarded C_Sign / C_SignFinal. `produced` is false for a length query (NULL buffer), which
 * neither ends the operation nor counts as a signature (§5.2 conventions for output buffers). */
static void after_sign(CK_SESSION_HANDLE hSession, enum fn_id fn, CK_RV rv, int produced)
{
  pthread_mutex_lock(&g_lock);
  if ((rv == CKR_OK && produced) || (rv != CKR_OK && rv != CKR_BUFFER_TOO_SMALL)) sign_end(session_find_locked(hSession));
  if (rv == CKR_OK && produced) {
    g_ok_calls[fn]++;
    g_signs++;
    stat_line("sign ok");
    if (g_cfg.sign_count_file[0]) {
      char line[64];
      snprintf(line, sizeof line, "sign %ld\n", (long)getpid());
      append_line(g_cfg.sign_count_file, line);
    }
    /* the removal itself is applied by the next call's refresh_locked() */
  } else if (rv != CKR_OK && rv != CKR_BUFFER_TOO_SMALL) {
    stat_line("sign rv=0x%lx", (unsigned long)rv);
  }
  pthread_mutex_unlock(&g_lock);
}

/* §5.11 C_SignInit; with always_authenticate=1 a private key needs a context-specific login next (§4.9). */
static CK_RV w_C_SignInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey)
{
  CK_RV rv = enter(FN_C_SignInit, ENTER_SESSION, hSession);
  if (rv != CKR_OK) return rv;
  rv = g_real->C_SignInit(hSession, pMechanism, hKey);
  if (rv == CKR_OK) {
    pthread_mutex_lock(&g_lock);
    int always = g_cfg.always_authenticate;
    pthread_mutex_unlock(&g_lock);
    int needs = always && is_private_key(hSession, hKey);
    pthread_mutex_lock(&g_lock);
    struct session *s = session_find_locked(hSession);
    if (!s) s = session_add_locked(hSession, 0);
    if (s) {
      s->sign_active = 1;
      s->needs_ctx = needs;
      s->ctx_ok = 0;
    }
    g_ok_calls[FN_C_SignInit]++;
    pthread_mutex_unlock(&g_lock);
  }
  return rv;
}

static CK_RV w_C_Sign(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pSignature, CK_ULONG_PTR pulSignatureLen)
{
  CK_RV rv = enter(FN_C_Sign, ENTER_SESSION, hSession);
  if (rv == CKR_DEVICE_ERROR) return sign_refuse(hSession, rv);
  if (rv != CKR_OK) return rv;
  /* a length query does not use the key, so it needs no context-specific login */
  if (pSignature && needs_context_login(hSession)) return sign_refuse(hSession, CKR_USER_NOT_LOGGED_IN);
  rv = g_real->C_Sign(hSession, pData, ulDataLen, pSignature, pulSignatureLen);
  after_sign(hSession, FN_C_Sign, rv, pSignature != NULL);
  return rv;
}

static CK_RV w_C_SignUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen)
{
  CK_RV rv = enter(FN_C_SignUpdate, ENTER_SESSION, hSession);
  if (rv == CKR_DEVICE_ERROR) return sign_refuse(hSession, rv);
  if (rv != CKR_OK) return rv;
  if (needs_context_login(hSession)) return sign_refuse(hSession, CKR_USER_NOT_LOGGED_IN);
  rv = g_real->C_SignUpdate(hSession, pPart, ulPartLen);
  pthread_mutex_lock(&g_lock);
  if (rv != CKR_OK) sign_end(session_find_locked(hSession));
  else g_ok_calls[FN_C_SignUpdate]++;
  pthread_mutex_unlock(&g_lock);
  return rv;
}

static CK_RV w_C_SignFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature, CK_ULONG_PTR pulSignatureLen)
{
  CK_RV rv = enter(FN_C_SignFinal, ENTER_SESSION, hSession);
  if (rv == CKR_DEVICE_ERROR) return sign_refuse(hSession, rv);
  if (rv != CKR_OK) return rv;
  if (pSignature && needs_context_login(hSession)) return sign_refuse(hSession, CKR_USER_NOT_LOGGED_IN);
  rv = g_real->C_SignFinal(hSession, pSignature, pulSignatureLen);
  after_sign(hSession, FN_C_SignFinal, rv, pSignature != NULL);
  return rv;
}

PASS_SESSION(C_SignRecoverInit, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey), (hSession, pMechanism, hKey))
PASS_SESSION(C_SignRecover,
             (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pSignature, CK_ULONG_PTR pulSignatureLen),
             (hSession, pData, ulDataLen, pSignature, pulSignatureLen))

/* ------------------------------------------------------------------------------------------------------------
 * Verification, dual-function, key management, random numbers, parallel functions (§5.12 - §5.16): forwarded
 * ------------------------------------------------------------------------------------------------------------ */

PASS_SESSION(C_VerifyInit, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey), (hSession, pMechanism, hKey))
PASS_SESSION(C_Verify, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pSignature, CK_ULONG ulSignatureLen),
             (hSession, pData, ulDataLen, pSignature, ulSignatureLen))
PASS_SESSION(C_VerifyUpdate, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen), (hSession, pPart, ulPartLen))
PASS_SESSION(C_VerifyFinal, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature, CK_ULONG ulSignatureLen), (hSession, pSignature, ulSignatureLen))
PASS_SESSION(C_VerifyRecoverInit, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey), (hSession, pMechanism, hKey))
PASS_SESSION(C_VerifyRecover,
             (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature, CK_ULONG ulSignatureLen, CK_BYTE_PTR pData, CK_ULONG_PTR pulDataLen),
             (hSession, pSignature, ulSignatureLen, pData, pulDataLen))
PASS_SESSION(C_DigestEncryptUpdate,
             (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen, CK_BYTE_PTR pEncryptedPart, CK_ULONG_PTR pulEncryptedPartLen),
             (hSession, pPart, ulPartLen, pEncryptedPart, pulEncryptedPartLen))
PASS_SESSION(C_DecryptDigestUpdate,
             (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedPart, CK_ULONG ulEncryptedPartLen, CK_BYTE_PTR pPart, CK_ULONG_PTR pulPartLen),
             (hSession, pEncryptedPart, ulEncryptedPartLen, pPart, pulPartLen))
PASS_SESSION(C_SignEncryptUpdate,
             (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen, CK_BYTE_PTR pEncryptedPart, CK_ULONG_PTR pulEncryptedPartLen),
             (hSession, pPart, ulPartLen, pEncryptedPart, pulEncryptedPartLen))
PASS_SESSION(C_DecryptVerifyUpdate,
             (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedPart, CK_ULONG ulEncryptedPartLen, CK_BYTE_PTR pPart, CK_ULONG_PTR pulPartLen),
             (hSession, pEncryptedPart, ulEncryptedPartLen, pPart, pulPartLen))
PASS_SESSION(C_GenerateKey,
             (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount, CK_OBJECT_HANDLE_PTR phKey),
             (hSession, pMechanism, pTemplate, ulCount, phKey))
PASS_SESSION(C_GenerateKeyPair,
             (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_ATTRIBUTE_PTR pPublicKeyTemplate, CK_ULONG ulPublicKeyAttributeCount,
              CK_ATTRIBUTE_PTR pPrivateKeyTemplate, CK_ULONG ulPrivateKeyAttributeCount, CK_OBJECT_HANDLE_PTR phPublicKey,
              CK_OBJECT_HANDLE_PTR phPrivateKey),
             (hSession, pMechanism, pPublicKeyTemplate, ulPublicKeyAttributeCount, pPrivateKeyTemplate, ulPrivateKeyAttributeCount, phPublicKey,
              phPrivateKey))
PASS_SESSION(C_WrapKey,
             (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hWrappingKey, CK_OBJECT_HANDLE hKey, CK_BYTE_PTR pWrappedKey,
              CK_ULONG_PTR pulWrappedKeyLen),
             (hSession, pMechanism, hWrappingKey, hKey, pWrappedKey, pulWrappedKeyLen))
PASS_SESSION(C_UnwrapKey,
             (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hUnwrappingKey, CK_BYTE_PTR pWrappedKey,
              CK_ULONG ulWrappedKeyLen, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulAttributeCount, CK_OBJECT_HANDLE_PTR phKey),
             (hSession, pMechanism, hUnwrappingKey, pWrappedKey, ulWrappedKeyLen, pTemplate, ulAttributeCount, phKey))
PASS_SESSION(C_DeriveKey,
             (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hBaseKey, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulAttributeCount,
              CK_OBJECT_HANDLE_PTR phKey),
             (hSession, pMechanism, hBaseKey, pTemplate, ulAttributeCount, phKey))
PASS_SESSION(C_SeedRandom, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSeed, CK_ULONG ulSeedLen), (hSession, pSeed, ulSeedLen))
PASS_SESSION(C_GenerateRandom, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR RandomData, CK_ULONG ulRandomLen), (hSession, RandomData, ulRandomLen))
PASS_SESSION(C_GetFunctionStatus, (CK_SESSION_HANDLE hSession), (hSession))
PASS_SESSION(C_CancelFunction, (CK_SESSION_HANDLE hSession), (hSession))

/* ------------------------------------------------------------------------------------------------------------
 * The function list (§5.4 C_GetFunctionList), the one symbol the shim exports
 * ------------------------------------------------------------------------------------------------------------ */

#define w_C_GetFunctionList C_GetFunctionList

static CK_FUNCTION_LIST g_list = {
  .version = { 2, 40 },
#define CK_PKCS11_FUNCTION_INFO(name) .name = w_##name,
#include "pkcs11f.h"
#undef CK_PKCS11_FUNCTION_INFO
};

CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR ppFunctionList)
{
  if (!ppFunctionList) return CKR_ARGUMENTS_BAD;
  *ppFunctionList = &g_list;
  return CKR_OK;
}
