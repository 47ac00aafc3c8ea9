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
 *                  write-protects or migrates it; acknowledgement delay 0.
 * DIR is a directory on a block-backed file system (ext4) for the file
 * workloads.
 *
 * Per workload it prints
 *   bench WORKLOAD MODE ops=N ns=T inval=I round_trips=R
 * ns is the guest clock spent in the timed steps.  Under QEMU
 * -icount shift=0 the guest clock advances one nanosecond per retired
 * instruction, so ns counts instructions.  The import of (MODE mapped) is
 * not timed: the figure is what the kernel's paths cost with external
 * mappings in place, including the notifier's callbacks.  inval and
 * round_trips are the driver's counters over the workload: the rmap
 * notifier's callbacks that found a mapping plus the mappings its
 * mmu_notifier dropped as the address space changed (munmap), and the
 * acknowledgements.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <numaif.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "test_mmu_rmap_uapi.h"	/* lib/ of the series' tree */

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT	21
#endif

#define PAGE		4096UL
#define HPAGE		(2UL << 20)
#define NPAGES		256		/* folios per round of the 4 KiB workloads */
#define NHUGE		8		/* THPs per round */
#define ROUNDS		8

enum mode { NONE, REGISTERED, MAPPED };

static enum mode mode;
static int dev = -1;
static const char *dir;
static uint64_t elapsed;		/* ns in the timed steps */
static uint64_t t0;

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

/* Map [p, p + len) externally, every page (MODE mapped only). */
static void import(void *p, size_t len, int write)
{
	struct tmr_range r = {
		.addr = (uintptr_t)p,
		.len = len,
		.flags = write ? TMR_WRITE : 0,
	};

	if (mode != MAPPED)
		return;
	if (ioctl(dev, TMR_IOCTL_IMPORT, &r) || r.done != len / PAGE)
		die("import of %zu pages at %p: %llu done", len / PAGE, p,
		    (unsigned long long)r.done);
}

static void stats(struct tmr_stats *s)
{
	memset(s, 0, sizeof(*s));
	if (dev >= 0 && ioctl(dev, TMR_IOCTL_STATS, s))
		die("TMR_IOCTL_STATS");
}

static void touch(char *p, size_t len, size_t step)
{
	for (size_t off = 0; off < len; off += step)
		p[off] = 1;
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
	}
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
		import(p, len, 1);
		start();
		if (msync(p, len, MS_SYNC))
			die("msync");
		stop();
	}
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
	}
	munmap(p, len);
	return ROUNDS * NPAGES;
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
};

int main(int argc, char **argv)
{
	static const char *const names[] = { "none", "registered", "mapped" };
	unsigned long ops;
	size_t i;

	if (argc != 3) {
		fprintf(stderr, "usage: mmu_rmap_bench none|registered|mapped DIR\n");
		return 2;
	}
	for (i = 0; i < 3 && strcmp(argv[1], names[i]); i++)
		;
	if (i == 3) {
		fprintf(stderr, "mmu_rmap_bench: error: unknown mode '%s' (none, registered, mapped)\n",
			argv[1]);
		return 2;
	}
	mode = i;
	dir = argv[2];
	if (mode != NONE) {
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
		elapsed = 0;
		ops = workloads[i].run();
		stats(&b);
		for (int r = 0; r < TMR_NR_REASONS; r++)
			inval += b.invalidations[r] - a.invalidations[r];
		inval += b.unmapped - a.unmapped;
		printf("bench %s %s ops=%lu ns=%llu inval=%llu round_trips=%llu\n",
		       workloads[i].name, argv[1], ops,
		       (unsigned long long)elapsed, (unsigned long long)inval,
		       (unsigned long long)(b.round_trips - a.round_trips));
		fflush(stdout);
	}
	return 0;
}
