/*
 * SPDX-License-Identifier: GPL-2.0
 *
 * External reverse-map notifiers: a Promela model of external mapping
 * versus invalidation, as the series implements it (and, with
 * -DDESIGN_2008, as Christoph Lameter's 2008 rmap notifier did).
 * README.md beside this file says how to run it and what is abstracted.
 *
 * Processes (each invalidation source runs once; the importer and the
 * remote side loop):
 *   Importer   the remote importer of lib/test_mmu_rmap.c: accesses through
 *              its external mapping (tmr_access()), and when there is none,
 *              or it is read-only and the access writes, imports the page
 *              (tmr_import_page() -> mmu_rmap_fault(), retried on -EAGAIN)
 *   RemoteAck  the remote side: acknowledges an invalidation (the round
 *              trip of ->invalidate(), a channel)
 *   Truncate   truncate / hole punch of the file (file folios)
 *   Reclaim    shrink_folio_list() of the folio
 *   Migrate    migration of the folio (migrate_pages())
 *   Writeback  writeback of the folio: folio_mkclean() (file folios)
 *   Zap        the exporter's munmap / MADV_DONTNEED of its page
 *
 * The exporter's page is a page of a shared file mapping (a page-cache
 * folio) or of a private anonymous mapping: init picks one, and SPIN
 * explores both.  Two folio slots stand for every folio: the exporter's,
 * and the one that replaces it (a migration target, or the folio a fault
 * allocates after a removal); a freed slot is reused by the next
 * allocation.
 *
 * Properties (assertions; SPIN also reports invalid end states):
 *   I1 no access after free or reuse: no folio is freed (and so reused)
 *      while it is mapped externally, marked, locked or accessed
 *      (I1_freed_folio_unmapped), and the remote side only accesses a
 *      folio that is still allocated to this data (I1_access_to_live_folio)
 *   I2 no stale access after removal: the remote side only accesses the
 *      folio that is the current copy of the data (I2_access_to_current_folio)
 *   I3 no lost write across mkclean: a write through the external mapping
 *      lands in a dirty folio, so that a later writeback sees it
 *      (I3_write_to_dirty_folio)
 *   no deadlock: no invalid end state (a process blocked outside an end
 *      state)
 *
 * The 2008 design (-DDESIGN_2008, D2008 below): the driver sets the mark
 * and installs its mapping without the folio lock and without
 * revalidating; the callbacks run only from the rmap walks, for a folio
 * whose pte they just removed or cleaned (the end of try_to_unmap(),
 * page_mkclean(), and the exporter's zap and unmap_mapping_range());
 * truncate's removal of a folio calls nothing.  Alone, -DDESIGN_2008 runs
 * the review's scenario: a file page, Truncate against the Importer;
 * -DALL_SOURCES runs every source.
 *
 * Each step that stands for kernel code names it, as
 * "file:first-last function(): what", in the tree with the whole series
 * applied; scripts/model.sh checks these references against build/linux.
 * Steps of the 2008 design say "2008:" instead.
 */

#ifdef DESIGN_2008
#define D2008	1
#else
#define D2008	0
#endif

/* Folios: two slots, the exporter's folio and the one that replaces it. */
#define NSLOT	2
#define NONE	2	/* no folio */
#define MIG	3	/* the pte holds a migration entry */

/* A folio's life. */
#define FREE	0	/* in the page allocator, to be reused */
#define NEW	1	/* (re)allocated, not visible yet: a migration target */
#define CACHE	2	/* the current copy of the data: in the page cache
			 * (file) or the exporter's anonymous page */
#define REMOVED	3	/* no longer the data's copy (truncated, reclaimed,
			 * migrated away, zapped): alive while referenced */

/* The exporter's page. */
#define FILE	0
#define ANON	1

mtype = { UNMAP, MIGRATE, MKCLEAN, TRUNCATE, ZAP };

byte kind;
byte life[NSLOT];
byte refs[NSLOT];	/* reference count */
byte lock[NSLOT];	/* folio lock: 0, or the holder's _pid + 1 */
bit flag[NSLOT];	/* PG_external_rmap */
bit dirty[NSLOT];	/* PG_dirty */
bit lru[NSLOT];		/* PG_lru: on the LRU, not isolated */
byte home = 0;		/* the folio that holds the data: the page cache
			 * entry (file) or the anonymous page, in a pte or
			 * in the swap cache; NONE: a hole / swapped out */
byte pte = 0;		/* the exporter's pte: a folio, NONE or MIG */
bit pte_w;		/* the pte is writable */

/* The driver's external page table (one entry) and the remote's use of it. */
byte map = NONE;	/* the folio the external mapping maps */
bit map_w;		/* the external mapping is writable */
byte users;		/* accesses in flight (tmr_map.users) */
byte acc = NONE;	/* ghost: the folio the access in flight uses */

/* The remote acknowledgement: a round trip on two rendezvous channels. */
chan inval = [0] of { byte };
chan ack = [0] of { byte };

/*
 * The properties, as variables so that pan names the one that fails:
 * CHECK() sets one, asserts it and sets it back within one atomic step,
 * so that it is 1 in every stored state.
 */
bit I1_access_to_live_folio = 1;
bit I1_freed_folio_unmapped = 1;
bit I2_access_to_current_folio = 1;
bit I3_write_to_dirty_folio = 1;
#define CHECK(p, cond)	p = (cond); assert(p); p = 1

/*
 * The folio lock (folio_lock(), folio_unlock()) and folio_put(), as
 * one-line macros so that a trail shows the line that calls them.
 * Spinlock sections (the page table lock, the xa_lock of the page cache
 * and of the driver's page table, the LRU lock) are atomic steps: they do
 * not block and touch only what their lock protects.  folio_unlock_put()
 * is an unlock and a put in one step: in between, another process could
 * only see a reference count one too high, which makes a freeze fail.
 */
#define folio_lock(s)	atomic { lock[s] == 0 -> lock[s] = _pid + 1 }
#define folio_unlock(s)	atomic { assert(lock[s] == _pid + 1); lock[s] = 0 }
#define folio_free(s)	CHECK(I1_freed_folio_unmapped, map != s && acc != s && !flag[s] && lock[s] == 0); \
			assert(home != s && pte != s); \
			life[s] = FREE; dirty[s] = 0; lru[s] = 0
#define folio_put(s)	atomic { refs[s]--; if :: refs[s] == 0 -> folio_free(s) :: else -> skip fi }
#define folio_unlock_put(s)	atomic { folio_unlock(s); folio_put(s) }
#define free_slot(s)	if :: life[0] == FREE -> s = 0 :: else -> if :: life[1] == FREE -> s = 1 :: else -> s = NONE fi fi

/*
 * The revalidation under the folio lock and the page table lock: the
 * folio is still in its mapping (file), the address still maps this very
 * page (an anonymous page: exclusively, not modeled: no fork), writable
 * for a write.
 */
#define REVALIDATED(f, w)	((kind == ANON || life[f] == CACHE) && pte == f && (pte_w || !w))

/*
 * mmu_rmap_notify(f, why), called with f locked by every removal path.
 * The caller declares the locals found and idirty.
 */
inline mmu_rmap_notify(f, why)
{
	if
	:: flag[f] ->	/* include/linux/mmu_notifier.h:847-851 mmu_rmap_notify(): the folio is marked external */
		/* mm/mmu_notifier.c:1285 __mmu_rmap_notify(): call ->invalidate() = tmr_invalidate() */
		atomic {	/* lib/test_mmu_rmap.c:152-168 tmr_invalidate(): under the xa_lock, erase the mapping (write-protect it for MKCLEAN) */
			if
			:: map == f ->
				found = 1; idirty = map_w;
				if
				:: why == MKCLEAN -> map_w = 0
				:: else -> map = NONE
				fi
			:: else -> found = 0
			fi
		}
		if
		:: found ->
			inval ! f;	/* lib/test_mmu_rmap.c:173-174 tmr_invalidate(): tmr_round_trip(), the remote side ... */
			ack ? eval(f);	/* lib/test_mmu_rmap.c:108-121 tmr_round_trip(): ... acknowledges */
			(users == 0);	/* lib/test_mmu_rmap.c:178-179 tmr_invalidate(): wait until the accesses in flight are over */
			if
			:: idirty -> dirty[f] = 1	/* lib/test_mmu_rmap.c:180-181 tmr_invalidate(): folio_mark_dirty() */
			:: else -> skip
			fi;
			if
			:: why != MKCLEAN -> folio_put(f)	/* lib/test_mmu_rmap.c:185-189 tmr_invalidate(): put the mapping's reference */
			:: else -> skip	/* lib/test_mmu_rmap.c:182-183 tmr_invalidate(): a read-only mapping stays */
			fi
		:: else -> skip
		fi;
		if
		:: !(found && why == MKCLEAN) -> flag[f] = 0	/* mm/mmu_notifier.c:1289-1290 __mmu_rmap_notify(): clear the mark */
		:: else -> skip
		fi;
		found = 0; idirty = 0
	:: else -> skip	/* include/linux/mmu_notifier.h:847-852 mmu_rmap_notify(): not marked: nothing to do */
	fi
}

/*
 * get_user_pages() for the importer: follow the exporter's pte, or fault
 * it in and try again.  Leaves f NONE if no folio can be allocated.
 */
inline gup(f, w, ok)
{
	ok = 1;
	do
	:: atomic {	/* mm/gup.c:855-913 follow_page_pte(): under the PTL, a present pte (writable for FOLL_WRITE) gives a reference */
		pte < NSLOT && (pte_w || !w) -> f = pte; refs[f]++
	   };
		break
	:: atomic {	/* mm/memory.c:4350-4387 wp_page_shared(): a write to a read-only pte: ->page_mkwrite, fault_dirty_shared_page() dirties it under the folio lock */
		pte < NSLOT && w && !pte_w && lock[pte] == 0 -> pte_w = 1; dirty[pte] = 1
	   }
	:: atomic {	/* mm/filemap.c:3617-3630 filemap_fault(): lock the cached folio, check folio->mapping; mm/memory.c:6013-6036 finish_fault(): map it under the PTL */
		kind == FILE && pte == NONE && home < NSLOT && lock[home] == 0 ->
			pte = home; refs[home]++; pte_w = w;
			if
			:: w -> dirty[home] = 1
			:: else -> skip
			fi
	   }
	:: atomic {	/* mm/memory.c:5141-5257 do_swap_page(): lock the folio found in the swap cache, map it */
		kind == ANON && pte == NONE && home < NSLOT && lock[home] == 0 ->
			pte = home; refs[home]++; pte_w = 1
	   }
	:: atomic {	/* mm/filemap.c:3612-3614 filemap_fault(): a new folio for a hole (or do_anonymous_page(), do_swap_page() for anon) */
		pte == NONE && home == NONE ->
			free_slot(f);
			if
			:: f != NONE ->
				life[f] = CACHE; home = f; pte = f; refs[f] = 2; lru[f] = 1;
				pte_w = (w || kind == ANON); dirty[f] = (w || kind == ANON);
				f = NONE
			:: else -> ok = 0	/* no memory: the fault fails */
			fi
	   };
		if
		:: !ok -> break
		:: else -> skip
		fi
	od
}

/*
 * The importer: lib/test_mmu_rmap.c's remote accesses with TMR_REFAULT,
 * and its import path, mm/mmu_notifier.c mmu_rmap_fault().
 */
/*
 * tmr_drop_range(), tmr_drop_folio(): the importer drops the mapping on
 * its own initiative, with the folio locked.  The caller declares the
 * locals d, ok and wasw.
 */
inline drop_page(d, ok, wasw)
{
	if
	:: atomic {	/* lib/test_mmu_rmap.c:313-318 tmr_drop_range(): xa_find(), folio_get() */
		map != NONE -> d = map; refs[d]++
	   }
	:: atomic { map == NONE -> skip }
	fi;
	if
	:: d != NONE ->
		folio_lock(d);	/* lib/test_mmu_rmap.c:321 tmr_drop_range(): folio_lock() */
		atomic {	/* lib/test_mmu_rmap.c:270-283 tmr_drop_folio(): still mapped? erase it */
			ok = (map == d);
			if
			:: ok -> map = NONE; wasw = map_w
			:: else -> skip
			fi
		};
		if
		:: ok ->
			(users == 0);	/* lib/test_mmu_rmap.c:288-289 tmr_drop_folio(): wait_event(idle) */
			if
			:: wasw -> dirty[d] = 1	/* lib/test_mmu_rmap.c:290-291 tmr_drop_folio(): folio_mark_dirty() */
			:: else -> skip
			fi;
			flag[d] = 0;	/* mm/mmu_notifier.c:1252 mmu_rmap_folio_unmapped(): no mapping left: clear the mark */
			folio_put(d)	/* lib/test_mmu_rmap.c:293-294 tmr_drop_folio(): the mapping's reference */
		:: else -> skip
		fi;
		folio_unlock_put(d);	/* lib/test_mmu_rmap.c:324-325 tmr_drop_range(): folio_unlock(), folio_put() */
		d = NONE; ok = 0; wasw = 0
	:: else -> skip
	fi
}

proctype Importer()
{
	byte f = NONE, m = NONE, d = NONE;
	bit w, ok, wasw, busy, w_retry;

end_idle:
	do
	:: atomic {	/* lib/test_mmu_rmap.c:640-642 tmr_get_map(): a mapping, for a read */
		map != NONE -> m = map; w = 0; users++; acc = m
	   };
		goto access
	:: atomic {	/* lib/test_mmu_rmap.c:640-642 tmr_get_map(): a writable mapping, for a write */
		map != NONE && map_w -> m = map; w = 1; users++; acc = m
	   };
		goto access
	:: atomic {	/* lib/test_mmu_rmap.c:722-723 tmr_access(): no mapping: import for a read */
		map == NONE -> w = 0
	   };
		goto do_import
	:: atomic {	/* lib/test_mmu_rmap.c:722-723 tmr_access(): no writable mapping: import for a write */
		map == NONE || !map_w -> w = 1
	   };
		goto do_import
	:: break	/* the importer stops: then a process blocked for good is an invalid end state */
	od;
	goto done;

access:
	atomic {	/* lib/test_mmu_rmap.c:734-742 tmr_access(): the memcpy() through the mapping, then tmr_put_map() */
		CHECK(I1_access_to_live_folio, life[m] == CACHE || life[m] == REMOVED);
		CHECK(I2_access_to_current_folio, life[m] == CACHE);
		CHECK(I3_write_to_dirty_folio, !w || kind == ANON || dirty[m]);
		users--; acc = NONE; m = NONE; w = 0
	};
	goto end_idle;

do_import:
#if D2008
	/* 2008: a read-only mapping is dropped first, to map it writable */
	drop_page(d, ok, wasw);
#endif
	/* mm/mmu_notifier.c:1510-1511 mmu_rmap_get_page(): get_user_pages_remote(): a plain reference, never a pin */
	gup(f, w, ok);
	if
	:: f == NONE -> skip	/* the fault failed: the access tries again */
	:: else ->
#if D2008
		flag[f] = 1;	/* 2008: mmu_rmap_export_page() sets the flag: no folio lock taken, nothing revalidated */
		atomic {	/* 2008: the driver installs its mapping, holding the reference */
			map = f; map_w = w
		};
#else
		folio_lock(f);	/* mm/mmu_notifier.c:1421 mmu_rmap_install_folio(): folio_lock_killable() */
		atomic {	/* mm/mmu_notifier.c:1430-1432 mmu_rmap_install_folio(): folio->mapping, then mm/mmu_notifier.c:1356-1358 mmu_rmap_revalidate_and_mark(): under the PTL, still mapped here (writable for a write): mark it */
			ok = REVALIDATED(f, w);
			if
			:: ok -> flag[f] = 1
			:: else -> skip
			fi
		};
		if
		:: ok ->
			atomic {	/* lib/test_mmu_rmap.c:229-245 tmr_install(): under the xa_lock */
				if
				:: map == NONE -> map = f; map_w = w	/* __xa_insert(), hash_add(): the mapping owns the reference */
				:: map == f -> map_w = map_w || w; ok = 0	/* the same page: upgraded in place; it has its reference */
				:: map != NONE && map != f -> ok = 0; busy = 1	/* another page: -EBUSY */
				fi
			};
			if
			:: ok -> folio_unlock(f)	/* mm/mmu_notifier.c:1463 mmu_rmap_install_folio(): folio_unlock() */
			:: !ok && !busy -> folio_unlock_put(f)	/* lib/test_mmu_rmap.c:246-251 tmr_install(): folio_put(); mmu_rmap_fault(): folio_unlock() */
			:: busy ->
				flag[f] = 0;	/* mm/mmu_notifier.c:1468 mmu_rmap_folio_unmapped(): the install failed: no mapping of f */
				folio_unlock_put(f)	/* mm/mmu_notifier.c:1469-1472 mmu_rmap_install_folio(): unlock, put */
			fi
		:: else ->
			folio_unlock_put(f)	/* mm/mmu_notifier.c:1469-1472 mmu_rmap_install_folio(): -EAGAIN: unlock, put */
		fi;
		f = NONE;
		if
		:: busy ->	/* lib/test_mmu_rmap.c:445-448 tmr_import_page(): -EBUSY: drop the other page and try again */
			busy = 0; ok = 0; w_retry = w;
			drop_page(d, ok, wasw);
			w = w_retry;
			goto do_import
		:: else -> skip
		fi
#endif
		f = NONE
	fi;
	ok = 0; w = 0;
	goto end_idle;
done:
	skip
}

/*
 * The remote side: acknowledges each invalidation (its TLB is flushed);
 * ->invalidate() then waits for the accesses already started (users).
 */
proctype RemoteAck()
{
	byte x;

end_wait:
	do
	:: inval ? x ->	/* lib/test_mmu_rmap.c:108-121 tmr_round_trip(): the invalidation reaches the remote side */
		ack ! x;
		x = 0
	od
}

/* Truncate or hole punch of the file: truncate_pagecache(). */
proctype Truncate()
{
	byte t = NONE;
	bit found, idirty, unmapped;

	if
	:: kind == FILE -> skip
	:: else -> goto done
	fi;
	/* mm/truncate.c:810 truncate_pagecache(): unmap_mapping_range() */
	atomic {	/* mm/memory.c:4720-4724 unmap_mapping_pages(): zap the exporter's pte (ZAP_FLAG_SKIP_EXTERNAL: file folios are not notified) */
		if
		:: pte < NSLOT -> t = pte; pte = NONE;
#if !D2008
			folio_put(t); t = NONE	/* mm/mmu_gather.c:515-554 tlb_finish_mmu(): the pte's reference */
#endif
		:: pte == MIG -> pte = NONE
		:: else -> skip
		fi
	};
#if D2008
	if
	:: t != NONE ->
		mmu_rmap_notify(t, TRUNCATE);	/* 2008: the callback after the rmap walk, for the folio whose pte it removed */
		folio_put(t);	/* mm/mmu_gather.c:515-554 tlb_finish_mmu(): the pte's reference */
		t = NONE
	:: else -> skip
	fi;
#endif
	/* mm/truncate.c:811 truncate_pagecache(): truncate_inode_pages() */
	do
	:: atomic {	/* mm/truncate.c:413-414 truncate_inode_pages_range(): find_get_entries() */
		home < NSLOT -> t = home; refs[t]++
	   };
		folio_lock(t);	/* mm/truncate.c:431 truncate_inode_pages_range(): folio_lock() */
		if
		:: home != t ->	/* mm/truncate.c:178-179 truncate_inode_folio(): gone meanwhile */
			folio_unlock_put(t);
			t = NONE
		:: else ->
#if !D2008
			mmu_rmap_notify(t, TRUNCATE);	/* mm/truncate.c:159 truncate_cleanup_folio(): mmu_rmap_notify() */
#endif
			atomic {	/* mm/truncate.c:161-162 truncate_cleanup_folio(): unmap_mapping_folio() if a pte maps it */
				if
				:: pte == t -> pte = NONE; unmapped = 1
				:: else -> skip
				fi
			};
#if D2008
			if
			:: unmapped -> mmu_rmap_notify(t, TRUNCATE)	/* 2008: the callback after the rmap walk */
			:: else -> skip
			fi;
#endif
			if
			:: unmapped -> unmapped = 0; refs[t]--	/* mm/memory.c:1808-1819 zap_present_folio_ptes(): the pte's reference */
			:: else -> skip
			fi;
			atomic {	/* mm/truncate.c:172 truncate_cleanup_folio(): folio_cancel_dirty(); mm/filemap.c:319-343 delete_from_page_cache_batch(): out of the page cache, with its reference */
				dirty[t] = 0; home = NONE; life[t] = REMOVED; refs[t]--
			};
			folio_unlock_put(t);	/* mm/truncate.c:435-438 truncate_inode_pages_range(): folio_unlock(), folio_batch_release() */
			t = NONE;
			break
		fi
	:: home == NONE -> break	/* mm/truncate.c:415-417 truncate_inode_pages_range(): all gone */
	od;
done:
	skip
}

/* Reclaim of the folio: shrink_folio_list(). */
proctype Reclaim()
{
	byte c = NONE;
	bit ok, found, idirty, unmapped;

	if
	:: atomic {	/* mm/vmscan.c:1675-1765 isolate_lru_folios(): off the LRU, with a reference */
		home < NSLOT && lru[home] -> c = home; lru[c] = 0; refs[c]++
	   }
	:: atomic { !(home < NSLOT && lru[home]) } -> goto done
	fi;
	atomic {	/* mm/vmscan.c:1079 shrink_folio_list(): folio_trylock() */
		if
		:: lock[c] == 0 -> lock[c] = _pid + 1; ok = 1
		:: else -> ok = 0
		fi
	};
	if
	:: !ok -> goto putback
	:: else -> skip
	fi;
	if
	:: kind == FILE && dirty[c] -> goto keep_locked	/* mm/vmscan.c:1350 shrink_folio_list(): dirty: pageout() is writeback */
	:: else -> skip
	fi;
#if !D2008
	mmu_rmap_notify(c, UNMAP);	/* mm/rmap.c:2451 try_to_unmap(), or mm/vmscan.c:1334-1337 shrink_folio_list() when no pte maps it */
#endif
	atomic {	/* mm/rmap.c:2208-2396 try_to_unmap_one(): clear the pte under the PTL (an anonymous one becomes a swap entry) */
		if
		:: pte == c -> pte = NONE; refs[c]--; unmapped = 1
		:: else -> skip
		fi
	};
#if D2008
	if
	:: unmapped -> mmu_rmap_notify(c, UNMAP)	/* 2008: the callback at the end of try_to_unmap() */
	:: else -> skip
	fi;
#endif
	unmapped = 0;
	if
	:: kind == FILE && dirty[c] -> goto keep_locked	/* mm/vmscan.c:1350 shrink_folio_list(): dirtied by the notifier: pageout() first */
	:: else -> skip
	fi;
	atomic {	/* mm/vmscan.c:757-759 __remove_mapping(): freeze the count at 2 (the cache's and ours); out of the page or swap cache; freed */
		if
		:: refs[c] == 2 && home == c ->
			home = NONE; life[c] = REMOVED; refs[c] = 0; lock[c] = 0;
			folio_free(c);
			ok = 1
		:: else -> ok = 0
		fi
	};
	if
	:: ok -> goto done
	:: else -> skip
	fi;
keep_locked:
	atomic {	/* mm/vmscan.c:1533 shrink_folio_list(): keep_locked: unlock, back on the LRU, drop the isolation's reference */
		folio_unlock(c); lru[c] = 1; folio_put(c)
	};
	goto done;
putback:
	atomic {	/* mm/vmscan.c:1049-1585 shrink_folio_list(): back on the LRU, drop the isolation's reference */
		lru[c] = 1; folio_put(c)
	};
done:
	c = NONE; ok = 0
}

/* Migration of the folio: migrate_pages() -> migrate_folio_unmap(), migrate_folio_move(). */
proctype Migrate()
{
	byte src = NONE, dst = NONE;
	bit ok, found, idirty, unmapped;

	if
	:: atomic {	/* mm/vmscan.c:1675-1765 isolate_lru_folios(): off the LRU, with a reference */
		home < NSLOT && lru[home] -> src = home; lru[src] = 0; refs[src]++
	   }
	:: atomic { !(home < NSLOT && lru[home]) } -> goto done
	fi;
	atomic {	/* mm/migrate.c:1226 migrate_folio_unmap(): get_new_folio(); private until it takes src's place, so locked here already (1290) */
		free_slot(dst);
		if
		:: dst != NONE -> life[dst] = NEW; refs[dst] = 1; lock[dst] = _pid + 1
		:: else -> skip
		fi
	};
	if
	:: dst == NONE -> goto putback
	:: else -> skip
	fi;
	folio_lock(src);	/* mm/migrate.c:1242 migrate_folio_unmap(): folio_lock(src) */
#if !D2008
	mmu_rmap_notify(src, MIGRATE);	/* mm/rmap.c:2815 try_to_migrate(), or mm/migrate.c:1322-1325 migrate_folio_unmap() when no pte maps it */
#endif
	atomic {	/* mm/rmap.c:2697-2781 try_to_migrate_one(): a migration entry replaces the pte, under the PTL */
		if
		:: pte == src -> pte = MIG; refs[src]--; unmapped = 1
		:: else -> skip
		fi
	};
#if D2008
	if
	:: unmapped -> mmu_rmap_notify(src, MIGRATE)	/* 2008: the callback at the end of try_to_unmap() */
	:: else -> skip
	fi;
#endif
	unmapped = 0;
	atomic {	/* mm/migrate.c:621-628 __folio_migrate_mapping(): freeze the count at 2 under the xa_lock; dst takes src's place */
		if
		:: refs[src] == 2 && home == src ->
			home = dst; life[dst] = CACHE; refs[dst]++; lru[dst] = 1;
			dirty[dst] = dirty[src]; dirty[src] = 0;
			life[src] = REMOVED; refs[src]--;
			ok = 1
		:: else -> ok = 0	/* mm/migrate.c:729-730 folio_migrate_mapping(): -EAGAIN */
		fi
	};
	atomic {	/* mm/migrate.c:471-486 remove_migration_ptes(): the migration entry maps dst (src again on failure) */
		if
		:: pte == MIG && ok -> pte = dst; refs[dst]++
		:: pte == MIG && !ok -> pte = src; refs[src]++
		:: else -> skip
		fi
	};
	folio_unlock_put(dst);	/* mm/migrate.c:1406-1414 migrate_folio_move(): folio_unlock(dst), folio_put(dst) */
	atomic {	/* mm/migrate.c:1424-1425 migrate_folio_move(): folio_unlock(src), the isolation's reference (frees a migrated src); a failed one: mm/migrate.c:1439-1440 migrate_folio_move(): back on the LRU */
		folio_unlock(src); lru[src] = !ok; folio_put(src)
	};
	goto done;
putback:
	atomic {	/* mm/migrate.c:2045-2140 migrate_pages(): no target: back on the LRU */
		lru[src] = 1; folio_put(src)
	};
done:
	src = NONE; dst = NONE; ok = 0
}

/* Writeback of the folio: writeback_iter() -> folio_prepare_writeback(). */
proctype Writeback()
{
	byte b = NONE;
	bit found, idirty, cleaned;

	if
	:: atomic {	/* mm/page-writeback.c:2413-2419 writeback_get_folio(): a folio tagged dirty */
		kind == FILE && home < NSLOT && dirty[home] -> b = home; refs[b]++
	   }
	:: atomic { !(kind == FILE && home < NSLOT && dirty[home]) } -> goto done
	fi;
	folio_lock(b);	/* mm/page-writeback.c:2424 writeback_get_folio(): folio_lock() */
	if
	:: home == b && dirty[b] -> skip	/* mm/page-writeback.c:2377-2394 folio_prepare_writeback(): still ours, still dirty */
	:: else -> goto unlock
	fi;
	/* mm/page-writeback.c:2903-2904 folio_clear_dirty_for_io(): folio_mkclean() */
#if !D2008
	mmu_rmap_notify(b, MKCLEAN);	/* mm/rmap.c:1220 folio_mkclean(): mmu_rmap_notify() before the early returns */
#endif
	atomic {	/* mm/rmap.c:1162-1185 page_vma_mkclean_one(): write-protect the pte */
		if
		:: pte == b -> pte_w = 0; cleaned = 1
		:: else -> skip
		fi
	};
#if D2008
	if
	:: cleaned -> mmu_rmap_notify(b, MKCLEAN)	/* 2008: page_mkclean() called back mapped pages only */
	:: else -> skip
	fi;
#endif
	cleaned = 0;
	dirty[b] = 0;	/* mm/page-writeback.c:2914 folio_clear_dirty_for_io(): folio_test_clear_dirty(): the I/O writes what the folio holds now */
unlock:
	folio_unlock_put(b);	/* mm/page-writeback.c:2415 writeback_get_folio(): the folio is written and unlocked; folio_batch_release() */
done:
	b = NONE
}

/* The exporter unmaps its page: munmap, MADV_DONTNEED, exit: zap_pte_range(). */
proctype Zap()
{
	byte z = NONE, notified = NONE, t = NONE;
	bit found, idirty;

retry:
	atomic {	/* mm/memory.c:2084 zap_pte_range(): pte_offset_map_lock() */
		if
		:: !D2008 && kind == ANON && pte < NSLOT && flag[pte] ->
			/* mm/memory.c:1872-1879 zap_present_ptes(): a marked anonymous folio: take a reference, leave the PTL */
			z = pte; refs[z]++
		:: pte < NSLOT && (D2008 || kind == FILE || !flag[pte]) ->
			/* mm/memory.c:1888-1893 zap_present_ptes(): zap the pte; an anonymous folio's data goes with it */
			t = pte; pte = NONE;
			if
			:: kind == ANON -> home = NONE; life[t] = REMOVED; refs[t]--
			:: else -> skip
			fi
		:: kind == ANON && pte == NONE && home < NSLOT ->
			/* mm/memory.c:1925-1932 zap_nonpresent_ptes(): a swap entry: swap_put_entries_direct() */
			t = home; home = NONE; life[t] = REMOVED; refs[t]--;
			if
			:: refs[t] == 0 -> folio_free(t)
			:: else -> skip
			fi;
			t = NONE
		:: kind == FILE && pte == MIG -> pte = NONE	/* mm/memory.c:1933-1938 zap_nonpresent_ptes(): a migration entry */
		:: pte == NONE && (kind == FILE || home == NONE) -> skip
		fi
	};
	if
	:: t != NONE ->
#if D2008
		mmu_rmap_notify(t, ZAP);	/* 2008: the per-mm notifier of the same series, when the exporter's pte goes */
#endif
		folio_put(t);	/* mm/mmu_gather.c:515-554 tlb_finish_mmu(): the pte's reference, from the mmu_gather */
		t = NONE
	:: else -> skip
	fi;
	if
	:: notified != NONE ->
		folio_unlock_put(notified);	/* mm/memory.c:2159-2162 zap_pte_range(): the notified folio's pte is gone: unlock, put */
		notified = NONE
	:: else -> skip
	fi;
	if
	:: z != NONE ->
		folio_lock(z);	/* mm/memory.c:2165 zap_pte_range(): folio_lock() */
		mmu_rmap_notify(z, ZAP);	/* mm/memory.c:2166 zap_pte_range(): mmu_rmap_notify() */
		notified = z; z = NONE;
		goto retry	/* mm/memory.c:2167-2168 zap_pte_range(): back to the pte, the folio still locked */
	:: else -> skip
	fi
}

init
{
	atomic {
#if defined(DESIGN_2008) && !defined(ALL_SOURCES)
		/* The review's scenario: a file page, truncate against the driver's export. */
		kind = FILE;
#else
		if
		:: kind = FILE
		:: kind = ANON
		fi;
#endif
		/* The exporter's page is mapped by its pte, read-only until written (a file), or written (anon). */
		life[0] = CACHE; home = 0; pte = 0; refs[0] = 2; lru[0] = 1;
		pte_w = (kind == ANON); dirty[0] = (kind == ANON);
		life[1] = FREE;
		run Importer();
		run RemoteAck();
		run Truncate();
#if !defined(DESIGN_2008) || defined(ALL_SOURCES)
		run Reclaim();
		run Migrate();
		run Writeback();
		run Zap();
#endif
	}
}
