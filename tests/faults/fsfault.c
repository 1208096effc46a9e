/* fsfault: I/O errors and a full disk, injected below SQLite, for the fault runner.
 *
 * Loaded with LD_PRELOAD into a real `facilitator` process. Every file whose path starts with
 * $FSFAULT_MATCH (the database, its -wal, -shm and -journal) is watched; each write, pwrite,
 * fsync, fdatasync and ftruncate on it fails with probability $FSFAULT_PROB (0..1), with errno
 * EIO or ENOSPC ($FSFAULT_ERRNO: "EIO", "ENOSPC" or "both", the default), from the random seed
 * $FSFAULT_SEED ($FSFAULT_READS=1: reads and preads too; $FSFAULT_ONLY: only these calls, e.g.
 * "fsync,fdatasync"; $FSFAULT_TIMES: at most that many faults; $FSFAULT_ARM: only while that file
 * exists, so the runner can aim a fault at one save). Nothing else in the process is touched (the terminal, the rescue file, the
 * exports). Each injected fault appends one line to $FSFAULT_LOG ("write EIO path"), so the
 * runner can count them. $FSFAULT_AFTER skips the first N watched calls (let the app start).
 *
 * Like libfiu's posix preload (Debian fiu-utils), but aimed at the database files only.
 *
 * Power loss ($FSPOWER_DIR set): only what was synced survives, the idea of LazyFS and of
 * SQLite's crash-test VFS. Each successful write or pwrite to a watched file is remembered as
 * a range; at each successful fsync or fdatasync of that file the ranges are copied from the
 * file into its last synced image, $FSPOWER_DIR/<the path with '/' as '%'>, whose size becomes
 * the file's (an ftruncate is durable once synced too). unlink() of a watched file removes its
 * image. Every process that opens the database runs with the shim and the same directory, so
 * the images are those of all of them. The fault runner cuts the power by killing every process
 * at once and putting each file's image back (a file without one is removed, the -shm always:
 * SQLite rebuilds it), as a machine that lost power would boot with.
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
#include <sys/stat.h>
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
static char *power_dir = NULL; /* FSPOWER_DIR: power-loss images */
static char *only = NULL;      /* FSFAULT_ONLY: the calls that may fail ("fsync,fdatasync"); all by default */
static long times = -1;        /* FSFAULT_TIMES: at most this many faults */
static char *arm = NULL;       /* FSFAULT_ARM: faults only while this file exists */
static long injected = 0;

#define MAX_PATHS 64
struct tracked {
    char path[1024];
    long long *off, *len;
    int n, cap;
};
static struct tracked paths[MAX_PATHS];
static int npaths = 0;
static int fd_path[MAX_FD]; /* index + 1 into paths, 0: none */
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
    const char *pd = getenv("FSPOWER_DIR");
    if (pd && *pd) power_dir = strdup(pd);
    const char *o = getenv("FSFAULT_ONLY");
    if (o && *o) only = strdup(o);
    const char *t = getenv("FSFAULT_TIMES");
    if (t && *t) times = atol(t);
    const char *ar = getenv("FSFAULT_ARM");
    if (ar && *ar) arm = strdup(ar);
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
    if (only) { /* a whole word of the list */
        const char *at = strstr(only, what);
        size_t n = strlen(what);
        while (at && !((at == only || at[-1] == ',') && (at[n] == 0 || at[n] == ','))) at = strstr(at + 1, what);
        if (!at) return 0;
    }
    if (arm) {
        struct stat st;
        if (stat(arm, &st) != 0) return 0;
    }
    pthread_mutex_lock(&lock);
    int hit = 0;
    int err = EIO;
    seen++;
    if (seen > after && (times < 0 || injected < times) && next_random() < prob) {
        injected++;
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

static int path_index(const char *path) {
    for (int i = 0; i < npaths; i++)
        if (strcmp(paths[i].path, path) == 0) return i;
    if (npaths >= MAX_PATHS || strlen(path) >= sizeof paths[0].path) return -1;
    strcpy(paths[npaths].path, path);
    paths[npaths].n = 0;
    return npaths++;
}

static void track(int fd, const char *path) {
    setup();
    if (fd < 0 || fd >= MAX_FD) return;
    watched[fd] = (match && path && strncmp(path, match, match_len) == 0) ? 1 : 0;
    fd_path[fd] = 0;
    if (watched[fd] && power_dir) {
        char full[1024];
        const char *p = path;
        if (path[0] != '/') { /* relative: make it absolute, as the runner names it */
            if (getcwd(full, sizeof full) && strlen(full) + strlen(path) + 2 < sizeof full) {
                strcat(full, "/");
                strcat(full, path);
                p = full;
            }
        }
        pthread_mutex_lock(&lock);
        int i = path_index(p);
        pthread_mutex_unlock(&lock);
        fd_path[fd] = i + 1;
    }
}

/* --- power loss: remember what was written, copy it to the image at each sync ------------- */

static void image_of(const char *path, char *out, size_t size) {
    snprintf(out, size, "%s/", power_dir);
    size_t k = strlen(out);
    for (const char *c = path; *c && k + 1 < size; c++) out[k++] = (*c == '/') ? '%' : *c;
    out[k] = 0;
}

static void remember(int fd, long long off, long long n) {
    if (!power_dir || fd < 0 || fd >= MAX_FD || !fd_path[fd] || n <= 0) return;
    pthread_mutex_lock(&lock);
    struct tracked *t = &paths[fd_path[fd] - 1];
    if (t->n == t->cap) {
        int cap = t->cap ? t->cap * 2 : 64;
        t->off = realloc(t->off, cap * sizeof(long long));
        t->len = realloc(t->len, cap * sizeof(long long));
        t->cap = cap;
    }
    t->off[t->n] = off;
    t->len[t->n] = n;
    t->n++;
    pthread_mutex_unlock(&lock);
}

static void synced(int fd) {
    if (!power_dir || fd < 0 || fd >= MAX_FD || !fd_path[fd]) return;
    static int (*real_open)(const char *, int, ...) = NULL;
    static ssize_t (*real_pread)(int, void *, size_t, off_t) = NULL;
    static ssize_t (*real_pwrite)(int, const void *, size_t, off_t) = NULL;
    static int (*real_ftruncate)(int, off_t) = NULL;
    static int (*real_close)(int) = NULL;
    if (!real_open) real_open = dlsym(RTLD_NEXT, "open");
    if (!real_pread) real_pread = dlsym(RTLD_NEXT, "pread");
    if (!real_pwrite) real_pwrite = dlsym(RTLD_NEXT, "pwrite");
    if (!real_ftruncate) real_ftruncate = dlsym(RTLD_NEXT, "ftruncate");
    if (!real_close) real_close = dlsym(RTLD_NEXT, "close");
    pthread_mutex_lock(&lock);
    struct tracked *t = &paths[fd_path[fd] - 1];
    char image[2048];
    image_of(t->path, image, sizeof image);
    int ifd = real_open(image, O_WRONLY | O_CREAT, 0600);
    if (ifd >= 0) {
        struct stat st;
        long long size = fstat(fd, &st) == 0 ? (long long)st.st_size : -1;
        char buf[65536];
        for (int i = 0; i < t->n; i++) {
            long long off = t->off[i], end = t->off[i] + t->len[i];
            if (size >= 0 && end > size) end = size;
            while (off < end) {
                size_t want = (size_t)(end - off) < sizeof buf ? (size_t)(end - off) : sizeof buf;
                ssize_t got = real_pread(fd, buf, want, (off_t)off);
                if (got <= 0) break;
                real_pwrite(ifd, buf, (size_t)got, (off_t)off);
                off += got;
            }
        }
        if (size >= 0) real_ftruncate(ifd, (off_t)size);
        real_close(ifd);
        t->n = 0;
    }
    pthread_mutex_unlock(&lock);
}

int unlink(const char *path) {
    static int (*real)(const char *) = NULL;
    if (!real) real = dlsym(RTLD_NEXT, "unlink");
    setup();
    int done = real(path);
    if (done == 0 && power_dir && match && strncmp(path, match, match_len) == 0) {
        char image[2048];
        image_of(path, image, sizeof image);
        real(image);
    }
    return done;
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
    if (fd >= 0 && fd < MAX_FD) { watched[fd] = 0; fd_path[fd] = 0; }
    return real(fd);
}

ssize_t write(int fd, const void *buf, size_t n) {
    static ssize_t (*real)(int, const void *, size_t) = NULL;
    if (!real) real = dlsym(RTLD_NEXT, "write");
    if (fail(fd, "write")) return -1;
    long long at = (power_dir && fd >= 0 && fd < MAX_FD && fd_path[fd]) ? (long long)lseek(fd, 0, SEEK_CUR) : -1;
    ssize_t done = real(fd, buf, n);
    if (done > 0 && at >= 0) remember(fd, at, done);
    return done;
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) {
    static ssize_t (*real)(int, const void *, size_t, off_t) = NULL;
    if (!real) real = dlsym(RTLD_NEXT, "pwrite");
    if (fail(fd, "pwrite")) return -1;
    ssize_t done = real(fd, buf, n, off);
    if (done > 0) remember(fd, off, done);
    return done;
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off) {
    static ssize_t (*real)(int, const void *, size_t, off_t) = NULL;
    if (!real) real = dlsym(RTLD_NEXT, "pwrite64");
    if (fail(fd, "pwrite")) return -1;
    ssize_t done = real(fd, buf, n, off);
    if (done > 0) remember(fd, off, done);
    return done;
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
    int done = real(fd);
    if (done == 0) synced(fd);
    return done;
}

int fdatasync(int fd) {
    static int (*real)(int) = NULL;
    if (!real) real = dlsym(RTLD_NEXT, "fdatasync");
    if (fail(fd, "fdatasync")) return -1;
    int done = real(fd);
    if (done == 0) synced(fd);
    return done;
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
