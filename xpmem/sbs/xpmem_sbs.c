// SPDX-License-Identifier: GPL-2.0
/*
 * xpmem_sbs: what happens to pages another process has attached through
 * XPMEM when the kernel wants to move or free them -- stock XPMEM (it
 * pins what it attaches) and XPMEM on external reverse-map notifiers,
 * side by side (scripts/xpmem.sh runs it in both guests, issue 22).
 *
 * usage: xpmem_sbs stock|converted DIR    (DIR: an ext4 file system)
 *
 * For each memory kind (anonymous, a MAP_SHARED file on DIR) and event,
 * a new exporter process E maps NR_PAGES pages, stamps them (generation
 * 1), and makes them an XPMEM segment; this process, the attacher A,
 * attaches the segment and reads every page through it, so that every
 * page is attached.  Then the event:
 *
 *   move_pages  A (a third party) moves E's pages to the other node
 *               (moved: the pages on that node afterwards);
 *   compaction  /proc/sys/vm/compact_memory;
 *   pageout     E: MADV_PAGEOUT of its range (after msync for the file);
 *   reclaim     memory.reclaim of the memory cgroup E runs in;
 *   truncate    A truncates the file to 0 and back (file only);
 *   msync       A writes every page through the attachment (converted
 *               XPMEM mapped 15 pages of each 16 ahead, read-only: the
 *               write imports them for writing), E msyncs (writeback
 *               write-protects the pages: MMU_RMAP_MKCLEAN, which
 *               converted XPMEM answers by making its mappings
 *               read-only, keeping them), A writes again, E msyncs
 *               again, and the file is read back with O_DIRECT: lost
 *               counts the pages whose second write is not on disk
 *               (file only); A's writes here add to the stamps with an
 *               instruction that reads and writes memory, whose fault
 *               on an unmapped page x86 reports as a read;
 *   race        RACE_ROUNDS rounds of A writing every page through the
 *               attachment (E checks it: lost) and reading E's next stamp
 *               (stale), while a fourth process moves E's pages between
 *               the nodes and pages them out (process_madvise) without
 *               pause (moved: the pages it moved in all);
 *   exit        E exits;
 *   munmap      E unmaps the range and maps new anonymous memory at the
 *               same address (an attachment still on the old pages reads
 *               stale data): an address-space event, which converted
 *               XPMEM hears through the rmap notifier's range call
 *               (MMU_RMAP_UNMAP), stock XPMEM through its mmu_notifier;
 *   mremap      E moves the range elsewhere with mremap() and maps new
 *               anonymous memory at the old address: the same, through
 *               the range call of the move (the pages stay, at E's new
 *               address).
 *
 * Measured ("# sbs" line per row): moved, the pages that left the frame
 * they had when attached (move_pages: on the other node afterwards;
 * reclaim: the pages the memory cgroup reclaimed, its pgsteal, E's stack
 * included; race: the stress's moves in all; the others: /proc/kpageflags
 * of the old frame has no LRU bit any more, the page was freed or
 * migrated away); then E stamps generation 2 through its own
 * mapping and A reads every page through the attachment (stale: the old
 * stamp, sigbus: the access raised SIGBUS), A stamps generation 3 through
 * the attachment and E reads it (lost: E does not see it); and XPMEM's
 * /proc/xpmem/global_pages counters after A detached (taken/dropped:
 * references or pins).  After exit, A's access must raise SIGBUS.
 *
 * Asserted (the row's KTAP result): converted XPMEM stays coherent (no
 * stale read, no lost write), every event but compaction (which moves
 * what its scanners meet) moves or frees every page (but the file's
 * pages stay cached after munmap and exit, mremap and msync move none;
 * the race must move pages and invalidate while A writes and reads;
 * msync: A's first writes must import the 60 pages mapped ahead for
 * writing, writeback must write-protect every attachment,
 * MMU_RMAP_MKCLEAN, and keep it, and A's second writes must import
 * every page for writing again), A's first reads of the 64 pages, in
 * order, take 4 source faults (converted XPMEM maps 16 pages per
 * fault), no write takes ACCESS_TIMEOUT seconds (a fault that makes no
 * progress), the references are balanced after each row, and no
 * FOLL_PIN is taken (nr_foll_pin_acquired of /proc/vmstat); stock
 * XPMEM's pins hold pages in place (move_pages moves none) and its pins
 * are balanced.
 * What else stock does (stale reads after truncate, writes lost on
 * disk after msync) is measured, not asserted.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>

#include <xpmem.h>

#define NR_PAGES	64
#define RACE_ROUNDS	100
#define KPF_LRU		5
#define MPOL_MF_MOVE	(1 << 1)

static long page_size;
static int converted;
static const char *dir;

enum mem { MEM_ANON, MEM_FILE, NR_MEMS };
static const char *const mem_names[NR_MEMS] = { "anon", "file" };

/*
 * The address-space events last: stock XPMEM's zap from its mmu_notifier
 * may make lockdep report (xpmem/stock.known-reports), and lockdep stops
 * after its first report.
 */
enum event { EV_MOVE_PAGES, EV_COMPACTION, EV_PAGEOUT, EV_RECLAIM, EV_TRUNCATE,
	     EV_MSYNC, EV_RACE, EV_EXIT, EV_MUNMAP, EV_MREMAP, NR_EVENTS };
static const char *const event_names[NR_EVENTS] = {
	"move_pages", "compaction", "pageout", "reclaim", "truncate", "msync",
	"race", "exit", "munmap", "mremap",
};

/* Events of a file only. */
static int file_only(enum event ev)
{
	return ev == EV_TRUNCATE || ev == EV_MSYNC;
}

#define CGROUP	"/sys/fs/cgroup/xpmem-sbs"
#define XPMEM_STATS	"/proc/xpmem/global_pages"
#define REWRITES_KEY	"writes to pages written back (read-only mapping dropped): "
#define AHEAD_WRITES_KEY	"writes to pages mapped ahead (read-only mapping dropped): "
#define SOURCE_FAULTS_KEY	"source faults: "
/* Pages the converted XPMEM maps per source fault (XPMEM_RMAP_FAULT_AHEAD) */
#define FAULT_AHEAD	16
/* Seconds an access may take: longer is a fault that makes no progress. */
#define ACCESS_TIMEOUT	10

static void die(const char *what)
{
	fprintf(stderr, "xpmem_sbs: %s: %s\n", what, strerror(errno));
	exit(2);
}

/* The stamp of page i of generation gen, in its first and last word. */
static uint64_t stamp(int gen, int i)
{
	return ((uint64_t)gen << 32) | (uint64_t)i;
}

static void stamp_pages(char *p, int gen)
{
	int i;

	for (i = 0; i < NR_PAGES; i++) {
		uint64_t *w = (uint64_t *)(p + i * page_size);

		w[0] = stamp(gen, i);
		w[page_size / 8 - 1] = stamp(gen, i);
	}
}

static sigjmp_buf bus_jmp;

/* SIGBUS, or SIGALRM after ACCESS_TIMEOUT: sigsetjmp() returns @sig. */
static void on_signal(int sig)
{
	siglongjmp(bus_jmp, sig);
}

/*
 * Reads page i through p; returns 0 when it holds gen's stamp, 1 when it
 * holds another, 2 when the access raised SIGBUS.
 */
static int check_page(volatile char *p, int gen, int i)
{
	volatile uint64_t *w = (volatile uint64_t *)(p + i * page_size);

	if (sigsetjmp(bus_jmp, 1))
		return 2;
	return w[0] != stamp(gen, i) || w[page_size / 8 - 1] != stamp(gen, i);
}

/* Writes gen's stamp into page i through p; 2 on SIGBUS. */
static int write_page(volatile char *p, int gen, int i)
{
	volatile uint64_t *w = (volatile uint64_t *)(p + i * page_size);

	if (sigsetjmp(bus_jmp, 1))
		return 2;
	w[0] = stamp(gen, i);
	w[page_size / 8 - 1] = stamp(gen, i);
	return 0;
}

/* Adds d to *w with one instruction that reads and writes memory. */
static void add_in_place(volatile uint64_t *w, uint64_t d)
{
#ifdef __x86_64__
	asm volatile("addq %1, %0" : "+m" (*w) : "r" (d));
#else
	__atomic_fetch_add(w, d, __ATOMIC_RELAXED);
#endif
}

/*
 * Turns generation from's stamp of page i into to's through p with
 * add_in_place(); 2 on SIGBUS, 3 when the access has not completed after
 * ACCESS_TIMEOUT seconds.
 */
static int add_page(volatile char *p, int from, int to, int i)
{
	volatile uint64_t *w = (volatile uint64_t *)(p + i * page_size);
	uint64_t d = stamp(to, i) - stamp(from, i);

	switch (sigsetjmp(bus_jmp, 1)) {
	case 0:
		break;
	case SIGALRM:
		return 3;
	default:
		alarm(0);
		return 2;
	}
	alarm(ACCESS_TIMEOUT);
	add_in_place(&w[0], d);
	add_in_place(&w[page_size / 8 - 1], d);
	alarm(0);
	return 0;
}

/*
 * add_page() of every page: counts SIGBUS in *sigbus; stops at a timeout,
 * counted in *stuck.
 */
static void add_pages(char *p, int from, int to, int *sigbus, int *stuck)
{
	int i, r;

	for (i = 0; i < NR_PAGES; i++) {
		r = add_page(p, from, to, i);
		*sigbus += r == 2;
		if (r == 3) {
			(*stuck)++;
			break;
		}
	}
}

/* The exporter's side of the pipes: commands one byte, replies an int. */
struct chan {
	int cmd[2], rep[2];
};

static void send_int(int fd, long v)
{
	if (write(fd, &v, sizeof(v)) != sizeof(v))
		die("pipe write");
}

static pid_t exporter_pid;

static long recv_int(int fd)
{
	int status;
	long v;

	if (read(fd, &v, sizeof(v)) == sizeof(v))
		return v;
	if (exporter_pid > 0 && waitpid(exporter_pid, &status, 0) == exporter_pid)
		fprintf(stderr, "xpmem_sbs: the exporter %s %d\n",
			WIFSIGNALED(status) ? "was killed by signal" : "exited with",
			WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
	errno = EPIPE;
	die("no reply from the exporter");
	return 0;
}

static char *file_path(void)
{
	static char path[4096];

	snprintf(path, sizeof(path), "%s/xpmem-sbs", dir);
	return path;
}

/* E's mapping (at addr, when not NULL): anonymous, or the file fd. */
static char *exporter_map(char *addr, int fd)
{
	size_t size = NR_PAGES * page_size;
	char *p;

	p = mmap(addr, size, PROT_READ | PROT_WRITE,
		 (fd < 0 ? MAP_PRIVATE | MAP_ANONYMOUS : MAP_SHARED) |
		 (addr ? MAP_FIXED_NOREPLACE : 0), fd, 0);
	if (p == MAP_FAILED || (addr && p != addr))
		die("exporter's mmap");
	/* No THP: the rows count small pages. */
	madvise(p, size, MADV_NOHUGEPAGE);
	return p;
}

/*
 * E: maps and stamps its pages, makes the segment, sends the segment id
 * and the address, then serves commands: 'w' stamp generation (next
 * int), 'c' count pages without generation (next int)'s stamp, 'p'
 * MADV_PAGEOUT, 's' msync, 'm' munmap and map anonymous memory at the same address,
 * 'r' mremap() the range elsewhere and map anonymous memory at the old
 * address, 'x' exit.
 */
static void exporter(enum mem mem, struct chan *ch)
{
	size_t size = NR_PAGES * page_size;
	xpmem_segid_t segid;
	int fd = -1, i, n, bad;
	char *p, *q, c;

	if (mem == MEM_FILE) {
		fd = open(file_path(), O_RDWR | O_CREAT, 0600);
		if (fd < 0 || ftruncate(fd, size))
			die("exporter's file");
	}
	p = exporter_map(NULL, fd);
	stamp_pages(p, 1);
	if (fd >= 0 && msync(p, size, MS_SYNC))
		die("msync");
	segid = xpmem_make(p, size, XPMEM_PERMIT_MODE, (void *)0600);
	if (segid == -1)
		die("xpmem_make");
	send_int(ch->rep[1], segid);
	send_int(ch->rep[1], (long)p);
	for (;;) {
		if (read(ch->cmd[0], &c, 1) != 1)
			exit(0);
		switch (c) {
		case 'w':
			stamp_pages(p, recv_int(ch->cmd[0]));
			send_int(ch->rep[1], 0);
			break;
		case 'c':
			n = recv_int(ch->cmd[0]);
			for (i = 0, bad = 0; i < NR_PAGES; i++)
				bad += check_page(p, n, i) != 0;
			send_int(ch->rep[1], bad);
			break;
		case 'p':
			if (fd >= 0 && msync(p, size, MS_SYNC))
				die("msync");
			send_int(ch->rep[1], madvise(p, size, MADV_PAGEOUT) ? -errno : 0);
			break;
		case 's':
			send_int(ch->rep[1], msync(p, size, MS_SYNC) ? -errno : 0);
			break;
		case 'm':	/* unmapped */
		case 'r':	/* or moved, not resized, to a place reserved for it */
			if (c == 'm' && munmap(p, size))
				die("munmap");
			if (c == 'r') {
				q = mmap(NULL, size, PROT_NONE,
					 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
				if (q == MAP_FAILED ||
				    mremap(p, size, size,
					   MREMAP_MAYMOVE | MREMAP_FIXED, q) != q)
					die("mremap");
			}
			/* and new memory at the old address */
			exporter_map(p, -1);
			send_int(ch->rep[1], 0);
			break;
		case 'x':
			exit(0);
		}
	}
}

/* Tells E to exit, and waits for it. */
static void quit(struct chan *ch, pid_t pid)
{
	char c = 'x';

	if (write(ch->cmd[1], &c, 1) != 1)
		die("pipe write");
	exporter_pid = 0;
	if (waitpid(pid, NULL, 0) != pid)
		die("waitpid");
}

static long command(struct chan *ch, char c, long arg)
{
	if (write(ch->cmd[1], &c, 1) != 1)
		die("pipe write");
	if (c == 'w' || c == 'c')
		send_int(ch->cmd[1], arg);
	return recv_int(ch->rep[0]);
}

/* The frames of E's pages, from /proc/PID/pagemap (0: not present). */
static void frames(pid_t pid, unsigned long addr, uint64_t *pfn)
{
	char path[64];
	uint64_t e;
	int fd, i;

	snprintf(path, sizeof(path), "/proc/%d/pagemap", pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		die(path);
	for (i = 0; i < NR_PAGES; i++) {
		if (pread(fd, &e, 8, (addr / page_size + i) * 8) != 8)
			die("pagemap");
		pfn[i] = (e >> 63) & 1 ? e & ((1ULL << 55) - 1) : 0;
	}
	close(fd);
}

/* Pages whose old frame has no LRU bit any more: freed or migrated. */
static int frames_gone(const uint64_t *pfn)
{
	int fd, i, n = 0;
	uint64_t f;

	fd = open("/proc/kpageflags", O_RDONLY);
	if (fd < 0)
		die("/proc/kpageflags");
	for (i = 0; i < NR_PAGES; i++) {
		if (pread(fd, &f, 8, pfn[i] * 8) != 8)
			die("kpageflags");
		n += !((f >> KPF_LRU) & 1);
	}
	close(fd);
	return n;
}

/* A counter of /proc/xpmem/global_pages or /proc/vmstat, by prefix. */
static long counter(const char *file, const char *prefix)
{
	char line[256];
	long v = -1;
	FILE *f = fopen(file, "r");

	if (!f)
		die(file);
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, prefix, strlen(prefix))) {
			v = strtol(line + strlen(prefix), NULL, 10);
			break;
		}
	}
	fclose(f);
	return v;
}

/* A counter of XPMEM's XPMEM_STATS. */
static long xpmem_stat(const char *key)
{
	return counter(XPMEM_STATS, key);
}

static void write_file(const char *path, const char *s);

/*
 * FOLL_PINs taken so far, system-wide: the CPUs' vmstat deltas folded
 * first, or a row would see some of the previous row's.
 */
static long pins_taken(void)
{
	write_file("/proc/sys/vm/stat_refresh", "1");
	return counter("/proc/vmstat", "nr_foll_pin_acquired ");
}

static void write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0)
		die(path);
	/* memory.reclaim says -EAGAIN when it got less than asked: fine. */
	if (write(fd, s, strlen(s)) < 0 && errno != EAGAIN)
		die(path);
	close(fd);
}

/* move_pages(2) of E's pages to the node they are not on: pages moved. */
static int move_to_other_node(pid_t pid, unsigned long addr)
{
	void *pages[NR_PAGES];
	int nodes[NR_PAGES], status[NR_PAGES], i, n = 0, target;

	for (i = 0; i < NR_PAGES; i++)
		pages[i] = (void *)(addr + i * page_size);
	if (syscall(SYS_move_pages, pid, NR_PAGES, pages, NULL, status, 0))
		die("move_pages (query)");
	target = status[0] == 0 ? 1 : 0;
	for (i = 0; i < NR_PAGES; i++)
		nodes[i] = target;
	if (syscall(SYS_move_pages, pid, NR_PAGES, pages, nodes, status, MPOL_MF_MOVE) < 0)
		die("move_pages");
	/*
	 * Where the pages are now: a page of a large folio another page of
	 * which took the folio along says -EBUSY, though it moved.
	 */
	if (syscall(SYS_move_pages, pid, NR_PAGES, pages, NULL, status, 0))
		die("move_pages (query)");
	for (i = 0; i < NR_PAGES; i++)
		n += status[i] == target;
	return n;
}

/* The sum of XPMEM's "invalidations (REASON)" counters (converted). */
static long invalidations(void)
{
	char line[256];
	long n = 0;
	FILE *f = fopen(XPMEM_STATS, "r");

	if (!f)
		die(XPMEM_STATS);
	while (fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (!strncmp(line, "invalidations (", 15) && colon)
			n += strtol(colon + 1, NULL, 10);
	}
	fclose(f);
	return n;
}

/*
 * The race's fourth process: moves E's pages to the other node and pages
 * them out, again and again, until stop[0]; the pages moved in stop[1].
 */
static void stress(pid_t pid, unsigned long addr, volatile long *stop)
{
	struct iovec iov = { (void *)addr, NR_PAGES * page_size };
	int nodes[NR_PAGES], status[NR_PAGES], was[NR_PAGES], i, k, pidfd;
	void *pages[NR_PAGES];

	pidfd = syscall(SYS_pidfd_open, pid, 0);
	if (pidfd < 0)
		die("pidfd_open");
	for (i = 0; i < NR_PAGES; i++)
		pages[i] = (void *)(addr + i * page_size);
	if (syscall(SYS_move_pages, pid, NR_PAGES, pages, NULL, was, 0))
		die("move_pages (query)");
	for (k = 0; !stop[0]; k++) {
		for (i = 0; i < NR_PAGES; i++)
			nodes[i] = k & 1;
		if (syscall(SYS_move_pages, pid, NR_PAGES, pages, nodes, status,
			    MPOL_MF_MOVE) < 0)
			die("move_pages");
		/* Moved: on the target node now, and not before. */
		if (syscall(SYS_move_pages, pid, NR_PAGES, pages, NULL, status, 0))
			die("move_pages (query)");
		for (i = 0; i < NR_PAGES; i++) {
			stop[1] += status[i] == (k & 1) && was[i] != (k & 1);
			was[i] = status[i];
		}
		if (k & 1)
			syscall(SYS_process_madvise, pidfd, &iov, 1, MADV_PAGEOUT, 0);
	}
	close(pidfd);
}

/* The pages of the file whose stamp on disk (O_DIRECT) is not gen's. */
static int not_on_disk(int gen)
{
	int fd = open(file_path(), O_RDONLY | O_DIRECT), i, n = 0;
	uint64_t *w;

	if (fd < 0)
		die("O_DIRECT open of the file");
	if (posix_memalign((void **)&w, page_size, page_size))
		die("posix_memalign");
	for (i = 0; i < NR_PAGES; i++) {
		if (pread(fd, w, page_size, (off_t)i * page_size) != page_size)
			die("O_DIRECT read of the file");
		n += w[0] != stamp(gen, i) || w[page_size / 8 - 1] != stamp(gen, i);
	}
	free(w);
	close(fd);
	return n;
}

/* One row: E, the attachment, the event, the checks.  Returns 1 if ok. */
static int row(enum mem mem, enum event ev, int nr)
{
	const char *taken_key = converted ? "all references taken by XPMEM: " :
					    "all pages pinned by XPMEM: ";
	const char *dropped_key = converted ? "all references dropped by XPMEM: " :
					      "all pages unpinned by XPMEM: ";
	long taken0 = xpmem_stat(taken_key);
	long dropped0 = xpmem_stat(dropped_key);
	long pins0 = pins_taken();
	int moved = 0, stale = 0, lost = 0, sigbus = 0, kept = 0, i, r, ok = 1;
	long rewrites = 0, ahead_writes = 0;
	int stuck = 0;
	long race_hits = 0;
	long source_faults = 0;
	size_t size = NR_PAGES * page_size;
	long taken, dropped, pins;
	uint64_t pfn[NR_PAGES];
	struct xpmem_addr xa;
	xpmem_segid_t segid;
	xpmem_apid_t apid;
	unsigned long addr;
	char buf[64], *att;
	struct chan ch;
	pid_t pid;

	if (pipe(ch.cmd) || pipe(ch.rep))
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		close(ch.cmd[1]);
		close(ch.rep[0]);
		exporter_pid = 0;
		if (ev == EV_RECLAIM) {
			snprintf(buf, sizeof(buf), "%d", getpid());
			write_file(CGROUP "/cgroup.procs", buf);
		}
		exporter(mem, &ch);
	}
	exporter_pid = pid;
	close(ch.cmd[0]);
	close(ch.rep[1]);
	segid = recv_int(ch.rep[0]);
	addr = recv_int(ch.rep[0]);
	apid = xpmem_get(segid, XPMEM_RDWR, XPMEM_PERMIT_MODE, NULL);
	if (apid == -1)
		die("xpmem_get");
	xa.apid = apid;
	xa.offset = 0;
	att = xpmem_attach(xa, size, NULL);
	if (att == (void *)-1)
		die("xpmem_attach");
	if (converted)
		source_faults = xpmem_stat(SOURCE_FAULTS_KEY);
	for (i = 0; i < NR_PAGES; i++)
		if (check_page(att, 1, i))
			die("the attachment does not show the exporter's pages");
	if (converted)
		source_faults = xpmem_stat(SOURCE_FAULTS_KEY) - source_faults;
	frames(pid, addr, pfn);
	for (i = 0; i < NR_PAGES; i++)
		if (!pfn[i])
			die("an exporter's page is not present");

	switch (ev) {
	case EV_MOVE_PAGES:
		moved = move_to_other_node(pid, addr);
		break;
	case EV_COMPACTION:
		write_file("/proc/sys/vm/compact_memory", "1");
		moved = frames_gone(pfn);
		break;
	case EV_PAGEOUT:
		if (command(&ch, 'p', 0))
			die("MADV_PAGEOUT");
		moved = frames_gone(pfn);
		break;
	case EV_RECLAIM:
		/*
		 * As a proactive reclaimer does: again while pages are left;
		 * for anonymous memory only anon (the first pass finds the
		 * pages referenced and activates them).
		 */
		snprintf(buf, sizeof(buf), "%zu%s", 4 * size,
			 mem == MEM_ANON ? " swappiness=max" : "");
		/*
		 * memory.stat is flushed when enough has changed or every
		 * 2 s: wait for the flush before each reading of pgsteal.
		 */
		sleep(3);
		r = counter(CGROUP "/memory.stat", "pgsteal ");
		for (i = 0; i < 8 && moved < NR_PAGES; i++) {
			write_file(CGROUP "/memory.reclaim", buf);
			sleep(3);
			moved = counter(CGROUP "/memory.stat", "pgsteal ") - r;
		}
		break;
	case EV_TRUNCATE: {
		int fd = open(file_path(), O_RDWR);

		if (fd < 0 || ftruncate(fd, 0) || ftruncate(fd, size))
			die("truncate");
		close(fd);
		moved = frames_gone(pfn);
		break;
	}
	case EV_MUNMAP:
	case EV_MREMAP:
		command(&ch, ev == EV_MUNMAP ? 'm' : 'r', 0);
		moved = frames_gone(pfn);
		break;
	case EV_MSYNC:
		/*
		 * The pages mapped ahead are read-only: the first write to
		 * each drops its mapping and imports it for writing.
		 */
		if (converted)
			ahead_writes = xpmem_stat(AHEAD_WRITES_KEY);
		add_pages(att, 1, 4, &sigbus, &stuck);
		if (converted)
			ahead_writes = xpmem_stat(AHEAD_WRITES_KEY) - ahead_writes;
		r = xpmem_stat(dropped_key);
		if (command(&ch, 's', 0))
			die("msync");
		/* Attachments that writeback did not take away. */
		kept = NR_PAGES - (xpmem_stat(dropped_key) - r);
		/*
		 * Each kept attachment is read-only now: the next write goes
		 * through the fault that drops it and imports for writing.
		 */
		if (converted)
			rewrites = xpmem_stat(REWRITES_KEY);
		add_pages(att, 4, 5, &sigbus, &stuck);
		if (converted)
			rewrites = xpmem_stat(REWRITES_KEY) - rewrites;
		if (command(&ch, 's', 0))
			die("msync");
		lost = not_on_disk(5);
		moved = frames_gone(pfn);
		printf("# msync.%s: %d of %d attachments kept through writeback",
		       mem_names[mem], kept, NR_PAGES);
		if (converted)
			printf(", writes imported for writing %ld pages mapped ahead and %ld written back",
			       ahead_writes, rewrites);
		printf("\n");
		break;
	case EV_RACE: {
		volatile long *stop = mmap(NULL, page_size, PROT_READ | PROT_WRITE,
					   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		long inv0 = invalidations();
		pid_t t;

		if (stop == MAP_FAILED)
			die("mmap");
		t = fork();
		if (t < 0)
			die("fork");
		if (t == 0) {
			stress(pid, addr, stop);
			_exit(0);
		}
		for (r = 0; r < RACE_ROUNDS; r++) {
			for (i = 0; i < NR_PAGES; i++)
				sigbus += write_page(att, 2 * r + 10, i) == 2;
			lost += command(&ch, 'c', 2 * r + 10);
			command(&ch, 'w', 2 * r + 11);
			for (i = 0; i < NR_PAGES; i++) {
				int c = check_page(att, 2 * r + 11, i);

				stale += c == 1;
				sigbus += c == 2;
			}
		}
		stop[0] = 1;
		if (waitpid(t, NULL, 0) != t)
			die("waitpid");
		moved = stop[1];
		race_hits = invalidations() - inv0;
		munmap((void *)stop, page_size);
		printf("# race.%s: %d rounds, %d pages moved by the stress, %ld invalidations during the race\n",
		       mem_names[mem], RACE_ROUNDS, moved, race_hits);
		break;
	}
	case EV_EXIT:
		quit(&ch, pid);
		moved = frames_gone(pfn);
		for (i = 0; i < NR_PAGES; i++) {
			r = check_page(att, 1, i);
			stale += r == 0;
			sigbus += r == 2;
		}
		break;
	case NR_EVENTS:
		break;
	}

	if (ev != EV_EXIT) {
		command(&ch, 'w', 2);
		for (i = 0; i < NR_PAGES; i++) {
			r = check_page(att, 2, i);
			stale += r == 1;
			sigbus += r == 2;
			if (r != 2 && write_page(att, 3, i))
				sigbus++;
		}
		lost += command(&ch, 'c', 3);
		quit(&ch, pid);
	}
	/* After the exit the segment is gone: detach and release may fail. */
	if ((xpmem_detach(att) || xpmem_release(apid)) && ev != EV_EXIT)
		die("detach");
	if (mem == MEM_FILE)
		unlink(file_path());
	close(ch.cmd[1]);
	close(ch.rep[0]);
	taken = xpmem_stat(taken_key) - taken0;
	dropped = xpmem_stat(dropped_key) - dropped0;
	pins = pins_taken() - pins0;
	/* The msync row's O_DIRECT read-back pins its buffer, once a page. */
	if (ev == EV_MSYNC)
		pins -= NR_PAGES;

	printf("# sbs xpmem=%s event=%s mem=%s pages=%d moved=%d stale=%d lost=%d sigbus=%d taken=%ld dropped=%ld foll_pins=%ld\n",
	       converted ? "converted" : "stock", event_names[ev], mem_names[mem],
	       NR_PAGES, moved, stale, lost, sigbus, taken, dropped, pins);
	if (taken0 < 0 || dropped0 < 0 || taken != dropped) {
		printf("# %s.%s: %ld taken, %ld dropped\n", event_names[ev],
		       mem_names[mem], taken, dropped);
		ok = 0;
	}
	if (stuck) {
		printf("# %s.%s: %d writes did not complete in %d s\n",
		       event_names[ev], mem_names[mem], stuck, ACCESS_TIMEOUT);
		ok = 0;
	}
	if (ev == EV_EXIT && sigbus != NR_PAGES) {
		printf("# %s.%s: %d of %d accesses after the exit raised SIGBUS\n",
		       event_names[ev], mem_names[mem], sigbus, NR_PAGES);
		ok = 0;
	}
	if (converted) {
		if (stale || lost || (ev != EV_EXIT && sigbus) || pins) {
			printf("# %s.%s: incoherent or pinned\n", event_names[ev],
			       mem_names[mem]);
			ok = 0;
		}
		/* The first reads, in order: one source fault a window. */
		if (source_faults != NR_PAGES / FAULT_AHEAD) {
			printf("# %s.%s: the first reads of %d pages took %ld source faults, not %d\n",
			       event_names[ev], mem_names[mem], NR_PAGES,
			       source_faults, NR_PAGES / FAULT_AHEAD);
			ok = 0;
		}
		/*
		 * Each of A's writes to a page mapped ahead, and each after
		 * writeback, drops its read-only mapping and imports the page
		 * for writing (->page_mkwrite() runs).
		 */
		if (ev == EV_MSYNC &&
		    ahead_writes != NR_PAGES - NR_PAGES / FAULT_AHEAD) {
			printf("# msync.%s: the first writes imported %ld pages mapped ahead for writing, not %d\n",
			       mem_names[mem], ahead_writes,
			       NR_PAGES - NR_PAGES / FAULT_AHEAD);
			ok = 0;
		}
		if (ev == EV_MSYNC && kept != NR_PAGES) {
			printf("# msync.%s: writeback dropped %d of %d attachments\n",
			       mem_names[mem], NR_PAGES - kept, NR_PAGES);
			ok = 0;
		}
		if (ev == EV_MSYNC && rewrites != NR_PAGES) {
			printf("# msync.%s: the writes after writeback imported %ld pages for writing, not %d\n",
			       mem_names[mem], rewrites, NR_PAGES);
			ok = 0;
		}
		if (ev == EV_RACE && (!moved || !race_hits)) {
			printf("# race.%s: the race was not hit\n", mem_names[mem]);
			ok = 0;
		}
		if (ev != EV_COMPACTION && ev != EV_RACE && ev != EV_MREMAP &&
		    ev != EV_MSYNC &&
		    moved < NR_PAGES &&
		    !((ev == EV_EXIT || ev == EV_MUNMAP) && mem == MEM_FILE)) {
			printf("# %s.%s: %d of %d pages moved or freed\n",
			       event_names[ev], mem_names[mem], moved, NR_PAGES);
			ok = 0;
		}
	} else if (ev == EV_MOVE_PAGES && moved) {
		printf("# %s.%s: %d pinned pages moved\n", event_names[ev],
		       mem_names[mem], moved);
		ok = 0;
	}
	printf("%s %d %s.%s\n", ok ? "ok" : "not ok", nr, event_names[ev],
	       mem_names[mem]);
	fflush(stdout);
	return ok;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	int ev, mem, nr = 0, failed = 0;

	if (argc != 3 || (strcmp(argv[1], "stock") && strcmp(argv[1], "converted"))) {
		fprintf(stderr, "usage: xpmem_sbs stock|converted DIR\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	converted = !strcmp(argv[1], "converted");
	dir = argv[2];
	page_size = sysconf(_SC_PAGESIZE);
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_NODEFER;
	if (sigaction(SIGBUS, &sa, NULL) || sigaction(SIGALRM, &sa, NULL))
		die("sigaction");
	if (mkdir(CGROUP, 0755) && errno != EEXIST)
		die(CGROUP);

	for (ev = 0; ev < NR_EVENTS; ev++)
		nr += file_only(ev);
	printf("TAP version 13\n1..%d\n", NR_MEMS * NR_EVENTS - nr);
	nr = 0;
	for (mem = 0; mem < NR_MEMS; mem++) {
		for (ev = 0; ev < NR_EVENTS; ev++) {
			if (file_only(ev) && mem == MEM_ANON)
				continue;
			failed += !row(mem, ev, ++nr);
		}
	}
	rmdir(CGROUP);
	printf("# %d of %d failed\n", failed, nr);
	return failed ? 1 : 0;
}
