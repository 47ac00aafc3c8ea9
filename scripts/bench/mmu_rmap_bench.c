// SPDX-License-Identifier: GPL-2.0
/*
 * The workloads of `make bench` (scripts/bench.sh), run in the guest.
 *
 *   mmu_rmap_bench MODE DIR
 *
 * MODE none:       no notifier registered (the base, or the series with no
 *                  driver loaded);
 *      registered: /dev/test_mmu_rmap open, so a notifier is registered,
 *                  but nothing is mapped externally;
 *      mapped:     every folio is mapped externally (TMR_IOCTL_IMPORT)
 *                  before the step that unmaps, truncates, reclaims,
 *                  write-protects or migrates it; acknowledgement delay 0;
 *      mirrored:   the same range is mirrored by mainline's importer
 *                  instead, lib/test_hmm's dmirror (/dev/hmm_dmirror0: an
 *                  mmu_interval_notifier over the whole address space and
 *                  hmm_range_fault()), read and, where the series' import
 *                  is writable, written through (HMM_DMIRROR_READ and
 *                  HMM_DMIRROR_WRITE of the bytes read).
 * DIR is a directory on a block-backed file system (ext4) for the file
 * workloads.
 *
 * Per workload it prints
 *   bench WORKLOAD MODE ops=N ns=T inval=I round_trips=R refaults=F
 *	checked=C bad=B
 * ns is the guest clock spent in the timed steps.  Under QEMU
 * -icount shift=0 the guest clock advances one nanosecond per retired
 * instruction, so ns counts instructions.  The import (or mirroring) is
 * not timed: the figure is what the kernel's paths cost with external
 * mappings in place, including the importer's callbacks.  inval and
 * round_trips are the series' driver's counters over the workload, up to
 * the unmap of its range at the end (done()): the rmap notifier's
 * callbacks that found a mapping plus the mappings its mmu_notifier
 * dropped as the address space changed (munmap, mremap), and the
 * acknowledgements.  After the timed step of the workloads that keep
 * the range mapped, the importer reads it back (not timed, refaulting what
 * it lost) and compares it with what the CPU reads: refaults counts the
 * pages it had to fault in again (the series' TMR_REFAULT imports;
 * dmirror's, page by page), checked the pages compared and bad those that
 * differed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <numaif.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "test_mmu_rmap_uapi.h"	/* lib/ of the series' tree */
#include "test_hmm_uapi.h"	/* lib/ too: mainline's */

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT	21
#endif

#define PAGE		4096UL
#define HPAGE		(2UL << 20)
#define NPAGES		256		/* folios per round of the 4 KiB workloads */
#define NHUGE		8		/* THPs per round */
#define ROUNDS		8

#define PM_PRESENT	(1ULL << 63)	/* /proc/self/pagemap */
#define PM_PFN		((1ULL << 55) - 1)
#define KPF_THP		22		/* /proc/kpageflags */

enum mode { NONE, REGISTERED, MAPPED, MIRRORED };

static enum mode mode;
static int dev = -1;			/* /dev/test_mmu_rmap or dmirror */
static const char *dir;
static uint64_t elapsed;		/* ns in the timed steps */
static uint64_t t0;
static uint64_t refaults, checked, bad;	/* of verify(), per workload */
static char *vbuf;			/* verify()'s, NPAGES pages */
static struct tmr_stats after;		/* done()'s */

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "mmu_rmap_bench: error: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, " (%s)\n", strerror(errno));
	va_end(ap);
	exit(1);
}

static uint64_t now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void start(void)
{
	t0 = now();
}

static void stop(void)
{
	elapsed += now() - t0;
}

/* dmirror's READ or WRITE of @npages at @p; returns its faults. */
static uint64_t dmirror(unsigned long cmd, void *p, void *buf, size_t npages)
{
	struct hmm_dmirror_cmd c = {
		.addr = (uintptr_t)p,
		.ptr = (uintptr_t)buf,
		.npages = npages,
	};

	if (ioctl(dev, cmd, &c) || c.cpages != npages)
		die("dmirror %s of %zu pages at %p: %llu done",
		    cmd == HMM_DMIRROR_READ ? "read" : "write", npages, p,
		    (unsigned long long)c.cpages);
	return c.faults;
}

/*
 * Map [p, p + len) externally, every page (MODE mapped), or mirror it
 * (MODE mirrored: writable by writing back what was read).
 */
static void import(void *p, size_t len, int write)
{
	struct tmr_range r = {
		.addr = (uintptr_t)p,
		.len = len,
		.flags = write ? TMR_WRITE : 0,
	};
	char *buf;

	if (mode == MIRRORED) {
		buf = len <= NPAGES * PAGE ? vbuf : malloc(len);
		if (!buf)
			die("malloc");
		dmirror(HMM_DMIRROR_READ, p, buf, len / PAGE);
		if (write)
			dmirror(HMM_DMIRROR_WRITE, p, buf, len / PAGE);
		if (buf != vbuf)
			free(buf);
	}
	if (mode != MAPPED)
		return;
	if (ioctl(dev, TMR_IOCTL_IMPORT, &r) || r.done != len / PAGE)
		die("import of %zu pages at %p: %llu done", len / PAGE, p,
		    (unsigned long long)r.done);
}

/*
 * Not timed: the importer reads [p, p + len) back, faulting in again what
 * it lost, and compares each page with what the CPU reads there.
 */
static void verify(char *p, size_t len)
{
	struct tmr_access a = {
		.addr = (uintptr_t)p,
		.len = len,
		.flags = TMR_REFAULT,
	};
	char *buf = vbuf;

	if (mode != MAPPED && mode != MIRRORED)
		return;
	if (len > NPAGES * PAGE)
		die("verify() of %zu bytes", len);
	a.buf = (uintptr_t)buf;
	if (mode == MAPPED &&
	    (ioctl(dev, TMR_IOCTL_READ, &a) || a.done != len))
		die("external read of %zu bytes at %p", len, p);
	for (size_t off = 0; off < len; off += PAGE) {
		if (mode == MIRRORED)
			refaults += dmirror(HMM_DMIRROR_READ, p + off,
					    buf + off, 1);
		checked++;
		bad += memcmp(buf + off, p + off, PAGE) != 0;
	}
}

static void stats(struct tmr_stats *s)
{
	memset(s, 0, sizeof(*s));
	if ((mode == REGISTERED || mode == MAPPED) &&
	    ioctl(dev, TMR_IOCTL_STATS, s))
		die("TMR_IOCTL_STATS");
}

static void touch(char *p, size_t len, size_t step)
{
	for (size_t off = 0; off < len; off += step)
		p[off] = 1;
}

/*
 * The counters at the end of a workload's measured work, before it
 * unmaps what it used: the importer's callbacks for that clean-up are
 * not the workload's.
 */
static void done(void)
{
	stats(&after);
}

/* Writes a different byte into each page, for verify() to compare. */
static void stamp(char *p, size_t len, int round)
{
	for (size_t off = 0; off < len; off += PAGE)
		p[off + 8] = (char)(off / PAGE + round);
}

static void *map_anon(size_t len, int advice)
{
	char *p = mmap(NULL, len + HPAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		die("mmap of %zu bytes", len);
	/* THP-aligned, whatever the advice. */
	p = (char *)(((uintptr_t)p + HPAGE - 1) & ~(HPAGE - 1));
	if (madvise(p, len, advice))
		die("madvise %d", advice);
	return p;
}

/* 1. Anonymous fault + munmap: @n folios of @size bytes a round. */
static unsigned long anon_munmap(size_t n, size_t size, int advice)
{
	size_t len = n * size;

	for (int i = 0; i < ROUNDS; i++) {
		char *p = map_anon(len, advice);

		start();
		touch(p, len, size);
		stop();
		import(p, len, 1);
		start();
		munmap(p, len);
		stop();
	}
	done();
	return ROUNDS * n;
}

static unsigned long anon_4k(void)
{
	return anon_munmap(NPAGES, PAGE, MADV_NOHUGEPAGE);
}

/* One op is one 2 MiB folio. */
static unsigned long anon_thp(void)
{
	return anon_munmap(NHUGE, HPAGE, MADV_HUGEPAGE);
}

/* 2. tmpfs (memfd): fault + ftruncate. */
static unsigned long shmem_truncate(void)
{
	size_t len = NPAGES * PAGE;
	int fd = memfd_create("bench", 0);
	char *p;

	if (fd < 0 || ftruncate(fd, len))
		die("memfd");
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		die("mmap of the memfd");
	for (int i = 0; i < ROUNDS; i++) {
		start();
		if (ftruncate(fd, len))
			die("ftruncate");
		touch(p, len, PAGE);
		stop();
		import(p, len, 1);
		start();
		if (ftruncate(fd, 0))
			die("ftruncate to 0");
		stop();
	}
	done();
	munmap(p, len);
	close(fd);
	return ROUNDS * NPAGES;
}

static int open_file(const char *name, size_t len)
{
	char path[512];
	char page[PAGE];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		die("open %s", path);
	memset(page, 1, sizeof(page));
	for (size_t off = 0; off < len; off += PAGE)
		if (pwrite(fd, page, PAGE, off) != PAGE)
			die("write %s", path);
	if (fsync(fd))
		die("fsync %s", path);
	return fd;
}

/* 3. Reclaim: MADV_PAGEOUT, then refault; anonymous (to swap) or file. */
static unsigned long pageout(int file)
{
	size_t len = NPAGES * PAGE;
	int fd = file ? open_file("pageout", len) : -1;
	char *p;

	if (file) {
		p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED)
			die("mmap of the file");
	} else {
		p = map_anon(len, MADV_NOHUGEPAGE);
		touch(p, len, PAGE);
		stamp(p, len, 0);
	}
	for (int i = 0; i < ROUNDS; i++) {
		volatile char sum = 0;

		start();
		for (size_t off = 0; off < len; off += PAGE)
			sum += p[off];	/* refault */
		stop();
		import(p, len, 0);
		start();
		if (madvise(p, len, MADV_PAGEOUT))
			die("MADV_PAGEOUT");
		stop();
		if (i == ROUNDS - 1)
			verify(p, len);
	}
	done();
	munmap(p, len);
	if (fd >= 0)
		close(fd);
	return ROUNDS * NPAGES;
}

static unsigned long pageout_anon(void)
{
	return pageout(0);
}

static unsigned long pageout_file(void)
{
	return pageout(1);
}

/* 4. Writeback: write through a shared mapping, msync (folio_mkclean). */
static unsigned long writeback(void)
{
	size_t len = NPAGES * PAGE;
	int fd = open_file("msync", len);
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	if (p == MAP_FAILED)
		die("mmap of the file");
	for (int i = 0; i < ROUNDS; i++) {
		start();
		touch(p, len, PAGE);
		stop();
		stamp(p, len, i);
		import(p, len, 1);
		start();
		if (msync(p, len, MS_SYNC))
			die("msync");
		stop();
		if (i == ROUNDS - 1)
			verify(p, len);
	}
	done();
	munmap(p, len);
	close(fd);
	return ROUNDS * NPAGES;
}

/* 5. Migration: move_pages() of anonymous pages to the other node. */
static unsigned long migrate(void)
{
	size_t len = NPAGES * PAGE;
	char *p = map_anon(len, MADV_NOHUGEPAGE);
	void *pages[NPAGES];
	int nodes[NPAGES], status[NPAGES];

	touch(p, len, PAGE);
	stamp(p, len, 0);
	for (int i = 0; i < ROUNDS; i++) {
		for (int j = 0; j < NPAGES; j++) {
			pages[j] = p + j * PAGE;
			nodes[j] = (i + 1) % 2;
		}
		import(p, len, 1);
		start();
		if (syscall(SYS_move_pages, 0, NPAGES, pages, nodes, status,
			    MPOL_MF_MOVE))
			die("move_pages");
		stop();
		for (int j = 0; j < NPAGES; j++)
			if (status[j] != (i + 1) % 2)
				die("move_pages: page %d is on node %d, not %d",
				    j, status[j], (i + 1) % 2);
		if (i == ROUNDS - 1)
			verify(p, len);
	}
	done();
	munmap(p, len);
	return ROUNDS * NPAGES;
}

/*
 * 6. fork() while the child lives, the parent writing every page after
 * it (the COW of write-protected ptes), then the child exits.
 */
static unsigned long fork_cow(void)
{
	size_t len = NPAGES * PAGE;
	char *p = map_anon(len, MADV_NOHUGEPAGE);

	touch(p, len, PAGE);
	stamp(p, len, 0);
	for (int i = 0; i < ROUNDS; i++) {
		int fds[2];
		char c;
		pid_t pid;

		if (pipe(fds))
			die("pipe");
		import(p, len, 1);
		start();
		pid = fork();
		if (pid < 0)
			die("fork");
		if (!pid) {
			close(fds[1]);
			_exit(read(fds[0], &c, 1) < 0);
		}
		stamp(p, len, i + 1);
		close(fds[1]);
		if (waitpid(pid, NULL, 0) != pid)
			die("waitpid");
		stop();
		close(fds[0]);
		if (i == ROUNDS - 1)
			verify(p, len);
	}
	done();
	munmap(p, len);
	return ROUNDS * NPAGES;
}

/* 7. mprotect() read-only and back, then the CPU writes every page. */
static unsigned long mprotect_rw(void)
{
	size_t len = NPAGES * PAGE;
	char *p = map_anon(len, MADV_NOHUGEPAGE);

	touch(p, len, PAGE);
	stamp(p, len, 0);
	for (int i = 0; i < ROUNDS; i++) {
		import(p, len, 1);
		start();
		if (mprotect(p, len, PROT_READ) ||
		    mprotect(p, len, PROT_READ | PROT_WRITE))
			die("mprotect");
		stamp(p, len, i + 1);
		stop();
		if (i == ROUNDS - 1)
			verify(p, len);
	}
	done();
	munmap(p, len);
	return ROUNDS * NPAGES;
}

/* 8. mremap() of an imported range to another address, and back. */
static unsigned long mremap_move(void)
{
	size_t len = NPAGES * PAGE;
	char *p = map_anon(len, MADV_NOHUGEPAGE);
	char *q = map_anon(len, MADV_NOHUGEPAGE);

	touch(p, len, PAGE);
	stamp(p, len, 0);
	for (int i = 0; i < ROUNDS; i++) {
		char *to = i % 2 ? p : q, *from = i % 2 ? q : p;

		import(from, len, 1);
		start();
		if (mremap(from, len, len, MREMAP_MAYMOVE | MREMAP_FIXED,
			   to) != to)
			die("mremap");
		stop();
		if (i == ROUNDS - 1)
			verify(to, len);
	}
	done();
	munmap(p, len);
	munmap(q, len);
	return ROUNDS * NPAGES;
}

/* 9. munmap() of a file mapping; the file and its page cache stay. */
static unsigned long munmap_file(void)
{
	size_t len = NPAGES * PAGE;
	int fd = open_file("munmap", len);

	for (int i = 0; i < ROUNDS; i++) {
		volatile char sum = 0;
		char *p;

		start();
		p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED)
			die("mmap of the file");
		for (size_t off = 0; off < len; off += PAGE)
			sum += p[off];
		stop();
		import(p, len, 0);
		start();
		munmap(p, len);
		stop();
	}
	done();
	close(fd);
	return ROUNDS * NPAGES;
}

/* 10. clear_refs 4 (soft-dirty), then the CPU writes every page. */
static unsigned long soft_dirty(void)
{
	size_t len = NPAGES * PAGE;
	char *p = map_anon(len, MADV_NOHUGEPAGE);
	int fd = open("/proc/self/clear_refs", O_WRONLY);

	if (fd < 0)
		die("open /proc/self/clear_refs");
	touch(p, len, PAGE);
	stamp(p, len, 0);
	for (int i = 0; i < ROUNDS; i++) {
		import(p, len, 1);
		start();
		if (pwrite(fd, "4", 1, 0) != 1)
			die("clear_refs");
		stamp(p, len, i + 1);
		stop();
		if (i == ROUNDS - 1)
			verify(p, len);
	}
	done();
	close(fd);
	munmap(p, len);
	return ROUNDS * NPAGES;
}

/*
 * 11. Eviction (POSIX_FADV_DONTNEED) of clean file pages that only the
 * importer maps: the exporter dropped its ptes (MADV_DONTNEED) after the
 * import.
 */
static unsigned long evict_external(void)
{
	size_t len = NPAGES * PAGE;
	int fd = open_file("evict", len);
	char *p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);

	if (p == MAP_FAILED)
		die("mmap of the file");
	for (int i = 0; i < ROUNDS; i++) {
		volatile char sum = 0;

		for (size_t off = 0; off < len; off += PAGE)
			sum += p[off];
		import(p, len, 0);
		if (madvise(p, len, MADV_DONTNEED))
			die("MADV_DONTNEED");
		start();
		if (posix_fadvise(fd, 0, len, POSIX_FADV_DONTNEED))
			die("POSIX_FADV_DONTNEED");
		stop();
		if (i == ROUNDS - 1)
			verify(p, len);
	}
	done();
	munmap(p, len);
	close(fd);
	return ROUNDS * NPAGES;
}

/*
 * Bytes of [p, p + len) in THPs: the 2 MiB slots whose first page is
 * part of one (/proc/self/pagemap, /proc/kpageflags' KPF_THP).  Not
 * smaps' AnonHugePages, which is the whole VMA's.
 */
static size_t huge_bytes(const char *p, size_t len)
{
	int pm = open("/proc/self/pagemap", O_RDONLY);
	int kf = open("/proc/kpageflags", O_RDONLY);
	size_t sum = 0;

	if (pm < 0 || kf < 0)
		die("open /proc/self/pagemap or /proc/kpageflags");
	for (size_t off = 0; off < len; off += HPAGE) {
		uint64_t e, flags;

		if (pread(pm, &e, 8, (uintptr_t)(p + off) / PAGE * 8) != 8)
			die("read /proc/self/pagemap");
		if (!(e & PM_PRESENT))
			continue;
		if (pread(kf, &flags, 8, (e & PM_PFN) * 8) != 8)
			die("read /proc/kpageflags");
		if (flags & (1ULL << KPF_THP))
			sum += HPAGE;
	}
	close(pm);
	close(kf);
	return sum;
}

/*
 * 12. Split of anonymous THPs: MADV_COLD of the last page of each splits
 * it (debugfs split_huge_pages would skip an externally mapped THP: it
 * checks the reference count first).  One op is one 2 MiB folio.  The
 * THPs of all rounds are mapped first (not timed), each round splits its
 * own, and kpageflags says that they were THPs and then were not.
 */
static unsigned long thp_split(void)
{
	size_t len = NHUGE * HPAGE;
	int fd = open("/proc/sys/vm/compact_memory", O_WRONLY);
	size_t huge;
	char *p;

	/* 128 MiB of THPs after the other workloads: make room first. */
	if (fd < 0 || write(fd, "1", 1) != 1)
		die("compact_memory");
	close(fd);
	p = map_anon(ROUNDS * len, MADV_HUGEPAGE);
	touch(p, ROUNDS * len, PAGE);
	stamp(p, ROUNDS * len, 0);
	for (int i = 0; i < ROUNDS; i++) {
		char *q = p + i * len;

		/* Not the rounds before: khugepaged may collapse them again. */
		huge = huge_bytes(q, (ROUNDS - i) * len);
		if (huge != (ROUNDS - i) * len)
			die("thp-split: %zu bytes in THPs before round %d, not %zu",
			    huge, i, (ROUNDS - i) * len);
		import(q, len, 1);
		start();
		for (size_t off = HPAGE - PAGE; off < len; off += HPAGE)
			if (madvise(q + off, PAGE, MADV_COLD))
				die("MADV_COLD");
		stop();
		huge = huge_bytes(q, len);
		if (huge)
			die("thp-split: round %d left %zu bytes in THPs", i, huge);
		if (i == ROUNDS - 1)
			for (size_t off = 0; off < len; off += NPAGES * PAGE)
				verify(q + off, NPAGES * PAGE);
	}
	done();
	munmap(p, ROUNDS * len);
	return ROUNDS * NHUGE;
}

static const struct {
	const char *name;
	unsigned long (*run)(void);
} workloads[] = {
	{ "anon-4k", anon_4k },
	{ "anon-thp", anon_thp },
	{ "shmem-truncate", shmem_truncate },
	{ "pageout-anon", pageout_anon },
	{ "pageout-file", pageout_file },
	{ "msync", writeback },
	{ "move-pages", migrate },
	{ "fork-cow", fork_cow },
	{ "mprotect", mprotect_rw },
	{ "mremap", mremap_move },
	{ "munmap-file", munmap_file },
	{ "soft-dirty", soft_dirty },
	{ "evict-external", evict_external },
	{ "thp-split", thp_split },
};

int main(int argc, char **argv)
{
	static const char *const names[] = { "none", "registered", "mapped",
					     "mirrored" };
	unsigned long ops;
	size_t i;

	if (argc != 3) {
		fprintf(stderr, "usage: mmu_rmap_bench none|registered|mapped|mirrored DIR\n");
		return 2;
	}
	for (i = 0; i < 4 && strcmp(argv[1], names[i]); i++)
		;
	if (i == 4) {
		fprintf(stderr, "mmu_rmap_bench: error: unknown mode '%s' (none, registered, mapped, mirrored)\n",
			argv[1]);
		return 2;
	}
	mode = i;
	dir = argv[2];
	vbuf = malloc(NPAGES * PAGE);
	if (!vbuf)
		die("malloc");
	if (mode == MIRRORED) {
		dev = open("/dev/hmm_dmirror0", O_RDWR);
		if (dev < 0)
			die("open /dev/hmm_dmirror0");
	} else if (mode != NONE) {
		uint64_t delay = 0;

		dev = open("/dev/test_mmu_rmap", O_RDWR);
		if (dev < 0)
			die("open /dev/test_mmu_rmap");
		if (ioctl(dev, TMR_IOCTL_SET_DELAY, &delay))
			die("TMR_IOCTL_SET_DELAY");
	}
	for (i = 0; i < sizeof(workloads) / sizeof(workloads[0]); i++) {
		struct tmr_stats a, b;
		uint64_t inval = 0;

		/* One untimed round first: page tables, caches, the file. */
		elapsed = 0;
		workloads[i].run();
		stats(&a);
		elapsed = refaults = checked = bad = 0;
		ops = workloads[i].run();
		b = after;
		for (int r = 0; r < TMR_NR_REASONS; r++)
			inval += b.invalidations[r] - a.invalidations[r];
		inval += b.unmapped - a.unmapped;
		refaults += b.refaults - a.refaults;
		printf("bench %s %s ops=%lu ns=%llu inval=%llu round_trips=%llu refaults=%llu checked=%llu bad=%llu\n",
		       workloads[i].name, argv[1], ops,
		       (unsigned long long)elapsed, (unsigned long long)inval,
		       (unsigned long long)(b.round_trips - a.round_trips),
		       (unsigned long long)refaults,
		       (unsigned long long)checked, (unsigned long long)bad);
		fflush(stdout);
	}
	return 0;
}
