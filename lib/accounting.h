/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* accounting.c: free memory, and who pays for a hotplug. */
#ifndef DEVMEMHP_ACCOUNTING_H
#define DEVMEMHP_ACCOUNTING_H

#include "devmemhp.h"
#include "pgtable.h"
#include "state.h"

/* ---- accounting.c: free memory, and who pays for a hotplug ------------- */

enum dmh_charge_kind {
	DMH_CHARGE_MEMMAP,     /* struct pages: vmemmap_alloc_block_buf() */
	DMH_CHARGE_VMEMMAP_PT, /* vmemmap page tables: vmemmap_*_populate() */
	DMH_CHARGE_LINEAR_PT,  /* linear-map page tables: alloc_low_pages() */
	DMH_NR_CHARGE_KINDS
};
/* The owner of pages a removed range's remove did not free (page tables the
 * kernel keeps). */
#define DMH_CHARGE_KEPT UINT64_MAX

/* Pages a hotplug took from one zone. */
struct dmh_charge {
	uint64_t owner;     /* the start of the range that took them, or DMH_CHARGE_KEPT */
	uint64_t pages;
	int nid, zone;
	enum dmh_charge_kind kind;
};

/* The charges [lo, hi), to be written. */
DMH_STATE_ARRAY_W(charges, struct dmh_charge)

/* reserved=SIZE[@NID][;SIZE@NID...]: what the kernel holds at boot */
struct dmh_reserve {
	uint64_t bytes;
	int nid; /* -1: spread over the nodes by their managed pages */
};

/* The boot holdings of cfg.reserve in st's zones (after dmh_zones_boot()). */
int dmh_acct_boot(const struct devmemhp_machine *m, struct dmh_state *st);
/* Set a node's boot holdings so that its free memory is free_pages (import);
 * zone >= 0: that zone's only. */
void dmh_acct_set_free(const struct devmemhp_machine *m, struct dmh_state *st, int nid, int zone,
		       uint64_t free_pages);
/* Free pages of a zone (negative: the model's zone owes more than it has). */
int64_t dmh_zone_free(const struct dmh_state *st, int nid, int zone);
uint64_t dmh_node_free(const struct devmemhp_machine *m, const struct dmh_state *st, int nid);
uint64_t dmh_free_pages(const struct devmemhp_machine *m, const struct dmh_state *st);
/* Pages the hotplugs charged to a node (kind < 0: all kinds). */
uint64_t dmh_node_charged(const struct dmh_state *st, int nid, int kind);
/* Charge the memmap and page tables an add made (after minus before) to the
 * zones Linux takes them from; -ENOMEM (with the kernel's message) when the
 * machine cannot afford it.  owner: the range's start. */
int dmh_acct_add(struct devmemhp_machine *m, const struct dmh_state *before, struct dmh_state *after,
		 struct pt_ctx *c, uint64_t start, uint64_t end, int nid, char *why, size_t whylen);
/* Give back what a remove freed. */
int dmh_acct_remove(const struct devmemhp_machine *m, const struct dmh_state *before,
		    struct dmh_state *after, struct pt_ctx *c, uint64_t owner);
int dmh_acct_verify(const struct devmemhp_machine *m, const struct dmh_state *st, char *why,
		    size_t whylen);
/* The per-node figures of the public API. */
void dmh_node_info_of(const struct devmemhp_machine *m, const struct dmh_state *st, int nid,
		      struct devmemhp_node_info *info);

#endif /* DEVMEMHP_ACCOUNTING_H */
