/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparse.c: sections, subsections and their memmap. */
#ifndef DEVMEMHP_SPARSE_H
#define DEVMEMHP_SPARSE_H

#include <stdbool.h>

#include "devmemhp.h"
#include "pgtable.h"
#include "state.h"

/* sparse.c: sections, subsections and their memmap */

/* struct vmem_altmap: the memmap allocated from the added range itself */
struct dmh_altmap {
	uint64_t base_pfn; /* the first pfn it may hand out (after the reserve) */
	uint64_t free;     /* pages it may hand out, padding included */
	uint64_t alloc;    /* handed out */
	uint64_t align;    /* skipped to align what it handed out */
};

/* -ENOSPC: the altmap has no room for the memmap (the kernel's -ENOMEM). */
int dmh_sparse_add(const struct devmemhp_machine *m, struct dmh_state *st, struct pt_ctx *c,
		   uint64_t start, uint64_t end, struct dmh_altmap *altmap, uint64_t compound_pages);
int dmh_sparse_remove(const struct devmemhp_machine *m, struct dmh_state *st, struct pt_ctx *c,
		      uint64_t start, uint64_t end);
/* Is any subsection of [start, end) present? */
bool dmh_sparse_overlaps(const struct devmemhp_machine *m, const struct dmh_state *st,
			 uint64_t start, uint64_t end);
bool dmh_section_early(const struct devmemhp_machine *m, const struct dmh_state *st,
		       uint64_t section);
uint64_t dmh_memmap_va(const struct devmemhp_machine *m, uint64_t pfn);
/* The pfn whose struct page is at va. */
uint64_t dmh_memmap_pfn(const struct devmemhp_machine *m, uint64_t va);
/* The end of the vmemmap: the struct page of 2^max_physmem_bits. */
uint64_t dmh_vmemmap_end(const struct devmemhp_machine *m);
/* Bytes of memmap populated, on separate memory and on altmaps. */
void dmh_memmap_bytes(const struct devmemhp_machine *m, const struct dmh_state *st,
		      uint64_t *separate, uint64_t *altmap);
/* The same from the statistics of the vmemmap's part of the page table. */
void dmh_memmap_bytes_of(const struct devmemhp_machine *m, const struct pt_stats *ps,
			 uint64_t *separate, uint64_t *altmap);
int dmh_sparse_boot(const struct devmemhp_machine *m, struct dmh_state *st, struct pt_ctx *c);

/* Where the memmap of range r's page pfn lives on r itself: the first pfn of
 * the altmap holding it (after any reserve and alignment) */
uint64_t dmh_altmap_base_pfn(const struct devmemhp_machine *m, const struct dmh_range *r,
			     uint64_t pfn);

#endif /* DEVMEMHP_SPARSE_H */
