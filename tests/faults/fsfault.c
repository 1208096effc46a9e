/* fsfault: I/O errors and a full disk, injected below SQLite, for the fault runner.
 *
 * Loaded with LD_PRELOAD into a real `facilitator` process. Every file whose path starts with
 * $FSFAULT_MATCH (the database, its -wal, -shm and -journal) is watched; each write, pwrite,
 * fsync, fdatasync and ftruncate on it fails with probability $FSFAULT_PROB (0..1), with errno
 * EIO or ENOSPC ($FSFAULT_ERRNO: "EIO", "ENOSPC" or "both", the default), from the random seed
 * $FSFAULT_SEED ($FSFAULT_READS=1: reads and preads too). Nothing else in the process is touched (the terminal, the rescue file, the
 * exports). Each injected fault appends one line to $FSFAULT_LOG ("write EIO path"), so the
 * runner can count them. $FSFAULT_AFTER skips the first N watched calls (let the app start).
 *
 * Like libfiu's posix preload (Debian fiu-utils), but aimed at the database files only.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#define MAX_FD 4096

static char watched[MAX_FD];
static char *match = NULL;
static size_t match_len = 0;
static double prob = 0.0;
static int which = 0; /* 0 both, 1 EIO, 2 ENOSPC */
static long after = 0;
static int reads = 0; /* FSFAULT_READS=1: reads fail too */
static long seen = 0;
static unsigned long long state = 88172645463325252ULL;
static int ready = 0;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void setup(void) {
    if (ready) return;
    ready = 1;
    const char *m = getenv("FSFAULT_MATCH");
    if (m && *m) { match = strdup(m); match_len = strlen(match); }
    const char *p = getenv("FSFAULT_PROB");
    if (p) prob = atof(p);
    const char *s = getenv("FSFAULT_SEED");
    if (s) state ^= strtoull(s, NULL, 10) * 2654435761ULL;
    const char *e = getenv("FSFAULT_ERRNO");
    if (e && strcmp(e, "EIO") == 0) which = 1;
    if (e && strcmp(e, "ENOSPC") == 0) which = 2;
    const char *a = getenv("FSFAULT_AFTER");
    if (a) after = atol(a);
    const char *r = getenv("FSFAULT_READS");
    if (r && *r == '1') reads = 1;
}

static double next_random(void) {
    state ^= state << 13; state ^= state >> 7; state ^= state << 17;
    return (double)(state >> 11) / (double)(1ULL << 53);
}

static void note(const char *what, int err, int fd) {
    const char *log = getenv("FSFAULT_LOG");
    if (!log) return;
    static int (*real_open)(const char *, int, ...) = NULL;
    static ssize_t (*real_write)(int, const void *, size_t) = NULL;
    static int (*real_close)(int) = NULL;
    if (!real_open) real_open = dlsym(RTLD_NEXT, "open");
    if (!real_write) real_write = dlsym(RTLD_NEXT, "write");
    if (!real_close) real_close = dlsym(RTLD_NEXT, "close");
    char line[256];
    int n = snprintf(line, sizeof line, "%s %s fd=%d\n", what, err == ENOSPC ? "ENOSPC" : "EIO", fd);
    int lfd = real_open(log, O_WRONLY | O_APPEND | O_CREAT, 0600);
    if (lfd >= 0) { real_write(lfd, line, (size_t)n); real_close(lfd); }
}

/* Should this call on fd fail? Sets errno when it does. */
static int fail(int fd, const char *what) {
    if (fd < 0 || fd >= MAX_FD || !watched[fd] || prob <= 0.0) return 0;
    pthread_mutex_lock(&lock);
    int hit = 0;
    int err = EIO;
    seen++;
    if (seen > after && next_random() < prob) {
        hit = 1;
        err = which == 1 ? EIO : which == 2 ? ENOSPC : (next_random() < 0.5 ? EIO : ENOSPC);
        if (strcmp(what, "fsync") == 0 || strcmp(what, "fdatasync") == 0 || strcmp(what, "ftruncate") == 0) {
            if (which == 0) err = EIO; /* fsync does not say ENOSPC on most file systems */
        }
    }
    pthread_mutex_unlock(&lock);
    if (hit) { note(what, err, fd); errno = err; }
    return hit;
}

static void track(int fd, const char *path) {
    setup();
    if (fd < 0 || fd >= MAX_FD) return;
    watched[fd] = (match && path && strncmp(path, match, match_len) == 0) ? 1 : 0;
}

#define OPEN_MODE(flags, mode) \
    mode_t mode = 0; \
    if ((flags) & (O_CREAT | O_TMPFILE)) { va_list ap; va_start(ap, flags); mode = va_arg(ap, int); va_end(ap); }

int open(const char *path, int flags, ...) {
    static int (*real)(const char *, int, ...) = NULL;
    if (!real) real = dlsym(RTLD_NEXT, "open");
    OPEN_MODE(flags, mode);
    int fd = real(path, flags, mode);
    track(fd, path);
    return fd;
}

int open64(const char *path, int flags, ...) {
    static int (*real)(const char *, int, ...) = NULL;
    if (!real) real = dlsym(RTLD_NEXT, "open64");
    OPEN_MODE(flags, mode);
    int fd = real(path, flags, mode);
    track(fd, path);
    return fd;
}

int openat(int dirfd, const char *path, int flags, ...) {
    static int (*real)(int, const char *, int, ...) = NULL;
    if (!real) real = dlsym(RTLD_NEXT, "openat");
    OPEN_MODE(flags, mode);
    int fd = real(dirfd, path, flags, mode);
    track(fd, path);
    return fd;
}

int openat64(int dirfd, const char *path, int flags, ...) {
    static int (*real)(int, const char *, int, ...) = NULL;
    if (!real) real = dlsym(RTLD_NEXT, "openat64");
    OPEN_MODE(flags, mode);
    int fd = real(dirfd, path, flags, mode);
    track(fd, path);
    return fd;
}

int close(int fd) {
    static int (*real)(int) = NULL;
    if (!real) real = dlsym(RTLD_NEXT, "close");
    if (fd >= 0 && fd < MAX_FD) watched[fd] = 0;
    return real(fd);
}

ssize_t write(int fd, const void *buf, size_t n) {
    static ssize_t (*real)(int, const void *, size_t) = NULL;
    if (!real) real = dlsym(RTLD_NEXT, "write");
    if (fail(fd, "write")) return -1;
    return real(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) {
    static ssize_t (*real)(int, const void *, size_t, off_t) = NULL;
    if (!real) real = dlsym(RTLD_NEXT, "pwrite");
    if (fail(fd, "pwrite")) return -1;
    return real(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off) {
    static ssize_t (*real)(int, const void *, size_t, off_t) = NULL;
    if (!real) real = dlsym(RTLD_NEXT, "pwrite64");
    if (fail(fd, "pwrite")) return -1;
    return real(fd, buf, n, off);
}

ssize_t read(int fd, void *buf, size_t n) {
    static ssize_t (*real)(int, void *, size_t) = NULL;
    if (!real) real = dlsym(RTLD_NEXT, "read");
    if (reads && fail(fd, "read")) return -1;
    return real(fd, buf, n);
}

ssize_t pread(int fd, void *buf, size_t n, off_t off) {
    static ssize_t (*real)(int, void *, size_t, off_t) = NULL;
    if (!real) real = dlsym(RTLD_NEXT, "pread");
    if (reads && fail(fd, "pread")) return -1;
    return real(fd, buf, n, off);
}

ssize_t pread64(int fd, void *buf, size_t n, off_t off) {
    static ssize_t (*real)(int, void *, size_t, off_t) = NULL;
    if (!real) real = dlsym(RTLD_NEXT, "pread64");
    if (reads && fail(fd, "pread")) return -1;
    return real(fd, buf, n, off);
}

int fsync(int fd) {
    static int (*real)(int) = NULL;
    if (!real) real = dlsym(RTLD_NEXT, "fsync");
    if (fail(fd, "fsync")) return -1;
    return real(fd);
}

int fdatasync(int fd) {
    static int (*real)(int) = NULL;
    if (!real) real = dlsym(RTLD_NEXT, "fdatasync");
    if (fail(fd, "fdatasync")) return -1;
    return real(fd);
}

int ftruncate(int fd, off_t len) {
    static int (*real)(int, off_t) = NULL;
    if (!real) real = dlsym(RTLD_NEXT, "ftruncate");
    if (fail(fd, "ftruncate")) return -1;
    return real(fd, len);
}

int ftruncate64(int fd, off_t len) {
    static int (*real)(int, off_t) = NULL;
    if (!real) real = dlsym(RTLD_NEXT, "ftruncate64");
    if (fail(fd, "ftruncate")) return -1;
    return real(fd, len);
}
