/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A generic radix page table, parametrised by the backend's geometry.
 *
 * Filling follows arch/x86/mm/init_64.c: phys_{pte,pmd,pud,p4d}_init() (v6.1),
 * removal follows remove_pagetable() and its helpers, written once for any
 * number of levels.
 *
 * The table is persistent: a node that belongs to a committed state is never
 * changed; a transaction copies the nodes on its path (copy-on-write) and the
 * old root stays valid, which is how a failed operation leaves the machine as
 * it was.  Nodes that map a whole slot the same way are built once and shared
 * (struct pt_cache), so a petabyte mapped at 2 MiB costs a handful of nodes,
 * not a node per gigabyte.  Leaves carry no frame number: in a linear map the
 * frame follows from the address.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "pgtable.h"
#include "private.h"

struct pt_node {
	unsigned int refs;
	unsigned int level;    /* table level: its entries are level-`level` entries */
	unsigned int nr;       /* entries */
	unsigned int used;     /* of which not empty */
	bool frozen;           /* shared through the cache: never changed in place */
	bool dirty;            /* summary out of date */
	bool fresh;            /* never sealed: it was empty, then its changed slots were written */
	uint64_t gen;          /* transaction that created it */
	struct pt_stats stats; /* of the subtree, this table included */
	uint64_t hash;         /* of the subtree's content */
	int uniform_level;     /* the whole span is leaves of this level... (-1: no) */
	unsigned int uniform_attrs; /* ...with these attributes */
	unsigned int breaks;   /* neighbour pairs that differ (+1 if e[0] is not uniform) */
	/* A copy made by a transaction summarises itself from the node it copied
	 * and the slots written since (a bit each): an add costs the slots it
	 * touches, not every entry of every table it passes.  Until its
	 * transaction commits (pt_settle()) the copy borrows the children of
	 * the slots it has not written from that node, which holds them. */
	struct pt_node *orig;  /* also the link of its cache's free nodes */
	bool copied;           /* not sealed since it was copied from orig */
	struct pt_cache *home; /* takes it back when it is freed */
	uint64_t *changed;     /* [nr / 64], after e[]: written since sealed */
	/* a bit per entry that is a child table: copying and freeing a node
	 * visit its children, not its 512 entries */
	uint64_t *tables;      /* [nr / 64], after changed[] */
	uint64_t *owned;       /* [nr / 64]: with orig, the slots written since the copy */
	uintptr_t e[];         /* 0: none; odd: leaf (attrs << 1 | 1); even: child table */
};

#define LEAF(attrs) (((uintptr_t)(attrs) << 1) | 1u)
#define IS_LEAF(e) ((e) & 1u)
#define LEAF_ATTRS(e) ((unsigned int)((e) >> 1))
#define CHILD(e) ((struct pt_node *)(e))

struct cache_entry {
	unsigned int level, mask, attrs;
	bool empty, cont;
	struct pt_pattern pattern; /* origin holds the phase of the node's first entry */
	struct pt_node *node;
};

struct pt_cache {
	struct cache_entry *entries;
	size_t nr, cap;
	/* freed nodes kept for the next to be made: every mutation copies
	 * a path and frees the one it replaced */
	struct pt_node *free_nodes;
	unsigned int nr_free;
	bool closing;
};
#define PT_CACHE_FREE_MAX 16

unsigned int dmh_level_shift(const struct devmemhp_geometry *geo, unsigned int level)
{
	unsigned int shift = geo->page_shift;

	for (unsigned int l = 0; l < level && l < DEVMEMHP_MAX_LEVELS; l++)
		shift += geo->level_bits[l];
	return shift;
}

unsigned int dmh_va_bits(const struct devmemhp_geometry *geo)
{
	return dmh_level_shift(geo, geo->levels);
}

static uint64_t va_mask(const struct devmemhp_geometry *geo)
{
	unsigned int bits = dmh_va_bits(geo);

	return bits >= 64 ? UINT64_MAX : ((uint64_t)1 << bits) - 1;
}

static unsigned int slot_index(const struct devmemhp_geometry *geo, unsigned int level, uint64_t va)
{
	return (unsigned int)((va >> dmh_level_shift(geo, level)) &
			      (((uint64_t)1 << geo->level_bits[level]) - 1));
}

/* ---- nodes ---------------------------------------------------------------- */

/* A table; its entries empty, or (copy) left for the caller to fill. */
static struct pt_node *node_alloc(struct pt_ctx *c, unsigned int level, bool copy)
{
	unsigned int nr = 1u << c->geo->level_bits[level];
	size_t words = (nr + 63) / 64;
	struct pt_cache *home = c->cache;
	struct pt_node *n;

	if (home && home->free_nodes && home->free_nodes->nr == nr) {
		n = home->free_nodes;
		home->free_nodes = n->orig;
		home->nr_free--;
	} else {
		n = dmh_malloc(sizeof(*n) + nr * sizeof(uintptr_t) + 3 * words * 8);
		if (!n)
			return NULL;
	}
	memset(n, 0, sizeof(*n));
	n->home = home;
	if (!copy)
		memset(n->e, 0, nr * sizeof(uintptr_t));
	memset(n->e + nr, 0, 3 * words * 8);
	n->changed = (uint64_t *)(n->e + nr);
	n->tables = n->changed + words;
	n->owned = n->tables + words;
	n->refs = 1;
	n->level = level;
	n->nr = nr;
	n->gen = c->gen;
	n->dirty = true;
	n->fresh = true;
	n->uniform_level = -1;
	return n;
}

static struct pt_node *node_new(struct pt_ctx *c, unsigned int level)
{
	return node_alloc(c, level, false);
}

/* Run body for each child table n holds a reference to (not those a copy
 * borrows). */
#define FOR_EACH_CHILD(n, child, body)                                                   \
	for (unsigned int w_ = 0; w_ < ((n)->nr + 63) / 64; w_++)                        \
		for (uint64_t bits_ = (n)->tables[w_] & ((n)->orig ? (n)->owned[w_] : ~0ull); \
		     bits_; bits_ &= bits_ - 1) {                                          \
			struct pt_node *child = CHILD((n)->e[w_ * 64 +                    \
							     (unsigned int)__builtin_ctzll(bits_)]); \
			body;                                                             \
		}

/* Give n's memory back, its references dropped already. */
static void node_free(struct pt_node *node)
{
	if (node->home && !node->home->closing && node->home->nr_free < PT_CACHE_FREE_MAX) {
		node->orig = node->home->free_nodes;
		node->home->free_nodes = node;
		node->home->nr_free++;
		return;
	}
	dmh_free(node);
}

struct pt_node *pt_get(struct pt_node *node)
{
	if (node)
		node->refs++;
	return node;
}

void pt_put(struct pt_node *node)
{
	if (!node || --node->refs)
		return;
	FOR_EACH_CHILD(node, child, pt_put(child));
	pt_put(node->orig);
	node_free(node);
}

static bool mutable_node(const struct pt_ctx *c, const struct pt_node *n)
{
	return n->gen == c->gen && !n->frozen;
}

/* Copy n unless this transaction may change it in place; the copy takes over
 * the caller's reference. */
static int make_writable(struct pt_ctx *c, struct pt_node **slot)
{
	struct pt_node *n = *slot, *copy;

	if (mutable_node(c, n))
		return 0;
	copy = node_alloc(c, n->level, true);
	if (!copy)
		return -ENOMEM;
	memcpy(copy->e, n->e, n->nr * sizeof(uintptr_t));
	memcpy(copy->tables, n->tables, (n->nr + 63) / 64 * sizeof(uint64_t));
	copy->used = n->used;
	/* the caller's reference to n becomes the copy's; the copy borrows n's
	 * children until its transaction commits */
	copy->orig = n;
	copy->copied = true;
	*slot = copy;
	return 0;
}

/* Make slot i of n n's own: a child it borrowed gets a reference of n's. */
static void own_slot(struct pt_node *n, unsigned int i)
{
	const uint64_t bit = (uint64_t)1 << (i % 64);

	if (!n->orig || (n->owned[i / 64] & bit))
		return;
	if (n->e[i] && !IS_LEAF(n->e[i]))
		pt_get(CHILD(n->e[i]));
	n->owned[i / 64] |= bit;
}

/* Write slot i; what it held is the caller's to drop. */
static void set_entry(struct pt_node *n, unsigned int i, uintptr_t e)
{
	const uint64_t bit = (uint64_t)1 << (i % 64);

	own_slot(n, i);
	n->used += (e != 0) - (n->e[i] != 0);
	n->e[i] = e;
	n->changed[i / 64] |= bit;
	if (e && !IS_LEAF(e))
		n->tables[i / 64] |= bit;
	else
		n->tables[i / 64] &= ~bit;
}

static int writable_child(struct pt_ctx *c, struct pt_node *parent, unsigned int i,
			  struct pt_node **child)
{
	struct pt_node *n;
	int rc;

	own_slot(parent, i); /* its reference moves to the copy */
	n = CHILD(parent->e[i]);
	rc = make_writable(c, &n);
	if (rc)
		return rc;
	set_entry(parent, i, (uintptr_t)n);
	*child = n;
	return 0;
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	/* a word at a time, MurmurHash3's fmix64: every slot of every
	 * written table is hashed, so two multiplies, not FNV's eight */
	h ^= v;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	return h;
}

static void stats_add(struct pt_stats *a, const struct pt_stats *b)
{
	for (int l = 0; l < DEVMEMHP_MAX_LEVELS; l++) {
		a->tables[l] += b->tables[l];
		a->leaves[l] += b->leaves[l];
		a->altmap_leaves[l] += b->altmap_leaves[l];
		a->shared_leaves[l] += b->shared_leaves[l];
	}
}

static void stats_sub(struct pt_stats *a, const struct pt_stats *b)
{
	for (int l = 0; l < DEVMEMHP_MAX_LEVELS; l++) {
		a->tables[l] -= b->tables[l];
		a->leaves[l] -= b->leaves[l];
		a->altmap_leaves[l] -= b->altmap_leaves[l];
		a->shared_leaves[l] -= b->shared_leaves[l];
	}
}

/* What an entry adds to its table's summary.  The hash is a sum of one term a
 * slot, so that a slot's change updates it; the uniform mapping is told by
 * the count of neighbour pairs that differ. */
static bool entry_key(uintptr_t e, unsigned int level, int *lvl, unsigned int *attrs)
{
	if (!e)
		return false;
	if (IS_LEAF(e)) {
		*lvl = (int)level;
		*attrs = LEAF_ATTRS(e);
		return true;
	}
	*lvl = CHILD(e)->uniform_level;
	*attrs = CHILD(e)->uniform_attrs;
	return *lvl >= 0;
}

/* Pair j: slots j-1 and j differ, or one is not uniform; pair 0: slot 0 is
 * not uniform. */
static unsigned int pair_breaks(const struct pt_node *n, unsigned int j)
{
	int l0 = -1, l1 = -1;
	unsigned int a0 = 0, a1 = 0;

	if (!entry_key(n->e[j], n->level, &l1, &a1))
		return 1;
	if (!j)
		return 0;
	if (!entry_key(n->e[j - 1], n->level, &l0, &a0))
		return 1;
	return l0 != l1 || a0 != a1;
}

static uint64_t slot_hash(unsigned int level, unsigned int i, uintptr_t e)
{
	if (!e)
		return 0;
	/* the slot's place, spread over the word, then one mix */
	const uint64_t place = ((uint64_t)level << 32 | i) * 0x9e3779b97f4a7c15ull;

	return mix(0xcbf29ce484222325ull, (IS_LEAF(e) ? e : CHILD(e)->hash) ^ place);
}

/* st += (or -=, sub) what entry e of a level-`level` table holds */
static void slot_stats(struct pt_stats *st, unsigned int level, uintptr_t e, bool sub)
{
	if (!e)
		return;
	if (IS_LEAF(e)) {
		const uint64_t d = sub ? UINT64_MAX : 1; /* -1 or +1, modulo 2^64 */

		st->leaves[level] += d;
		if (LEAF_ATTRS(e) & DMH_PT_ALTMAP)
			st->altmap_leaves[level] += d;
		if (LEAF_ATTRS(e) & DMH_PT_SHARED)
			st->shared_leaves[level] += d;
		return;
	}
	if (sub)
		stats_sub(st, &CHILD(e)->stats);
	else
		stats_add(st, &CHILD(e)->stats);
}

static void uniform_of(const struct pt_node *n, unsigned int breaks, int *ulevel,
		       unsigned int *uattrs)
{
	*ulevel = -1;
	*uattrs = 0;
	if (!breaks)
		entry_key(n->e[0], n->level, ulevel, uattrs);
}

/* Compute n's summary from all its entries; children must be summarised. */
static void summarize(const struct pt_node *n, struct pt_stats *st, uint64_t *hash, int *ulevel,
		      unsigned int *uattrs, unsigned int *breaks)
{
	memset(st, 0, sizeof(*st));
	st->tables[n->level] = 1;
	*hash = mix(0xcbf29ce484222325ull, n->level);
	*breaks = 0;
	for (unsigned int i = 0; i < n->nr; i++) {
		slot_stats(st, n->level, n->e[i], false);
		*hash += slot_hash(n->level, i, n->e[i]);
		*breaks += pair_breaks(n, i);
	}
	uniform_of(n, *breaks, ulevel, uattrs);
}

/* n's summary from its original's (o, or an empty table if NULL) and the
 * slots written since. */
static void summarize_changes(struct pt_node *n, const struct pt_node *o)
{
	unsigned int last_pair = UINT_MAX;

	if (o) {
		n->stats = o->stats;
		n->hash = o->hash;
		n->breaks = o->breaks;
	} else { /* what summarize() finds in an empty table: every pair breaks */
		memset(&n->stats, 0, sizeof(n->stats));
		n->stats.tables[n->level] = 1;
		n->hash = mix(0xcbf29ce484222325ull, n->level);
		n->breaks = n->nr;
	}
	for (unsigned int w = 0; w < (n->nr + 63) / 64; w++)
		for (uint64_t bits = n->changed[w]; bits; bits &= bits - 1) {
			const unsigned int i = w * 64 + (unsigned int)__builtin_ctzll(bits);
			const uintptr_t old = o ? o->e[i] : 0;

			slot_stats(&n->stats, n->level, old, true);
			slot_stats(&n->stats, n->level, n->e[i], false);
			n->hash += slot_hash(n->level, i, n->e[i]) - slot_hash(n->level, i, old);
			for (unsigned int j = i; j <= i + 1 && j < n->nr; j++) {
				if (j == last_pair)
					continue;
				n->breaks += pair_breaks(n, j) - (o ? pair_breaks(o, j) : 1);
				last_pair = j;
			}
		}
	uniform_of(n, n->breaks, &n->uniform_level, &n->uniform_attrs);
}

static void seal(struct pt_node *n)
{
	if (!n->dirty)
		return;
	if (n->copied || n->fresh) {
		/* only written slots can hold children not sealed yet (a fresh
		 * table was empty: all it holds was written) */
		for (unsigned int w = 0; w < (n->nr + 63) / 64; w++)
			for (uint64_t bits = n->changed[w]; bits; bits &= bits - 1) {
				uintptr_t e = n->e[w * 64 + (unsigned int)__builtin_ctzll(bits)];

				if (e && !IS_LEAF(e))
					seal(CHILD(e));
			}
		summarize_changes(n, n->copied ? n->orig : NULL);
		n->copied = false;
	} else {
		for (unsigned int i = 0; i < n->nr; i++)
			if (n->e[i] && !IS_LEAF(n->e[i]))
				seal(CHILD(n->e[i]));
		summarize(n, &n->stats, &n->hash, &n->uniform_level, &n->uniform_attrs, &n->breaks);
	}
	memset(n->changed, 0, (n->nr + 63) / 64 * sizeof(*n->changed));
	n->dirty = false;
	n->fresh = false;
}

/*
 * A copy stops borrowing from the node it copied.  When it holds that
 * node's last reference (its committed state is gone), it takes the
 * node's children over and frees only the node: the slots it wrote cost,
 * the others do not.  Else it takes references of its own.  Parents first,
 * so that a copy's original has lost its parent's reference when the copy
 * is settled.
 */
static void settle(struct pt_node *n)
{
	struct pt_node *o = n->orig;
	const unsigned int words = (n->nr + 63) / 64;
	const bool adopt = o->refs == 1 && !o->orig;

	if (adopt) {
		/* o's children in the slots n wrote are no longer anyone's */
		for (unsigned int w = 0; w < words; w++)
			for (uint64_t bits = n->owned[w] & o->tables[w]; bits; bits &= bits - 1)
				pt_put(CHILD(o->e[w * 64 + (unsigned int)__builtin_ctzll(bits)]));
		node_free(o);
	} else {
		for (unsigned int w = 0; w < words; w++)
			for (uint64_t bits = n->tables[w] & ~n->owned[w]; bits; bits &= bits - 1)
				pt_get(CHILD(n->e[w * 64 + (unsigned int)__builtin_ctzll(bits)]));
		pt_put(o);
	}
	n->orig = NULL;
	n->copied = false;
	/* the copies below are in the slots n wrote */
	for (unsigned int w = 0; w < words; w++) {
		for (uint64_t bits = n->owned[w] & n->tables[w]; bits; bits &= bits - 1) {
			struct pt_node *child = CHILD(n->e[w * 64 + (unsigned int)__builtin_ctzll(bits)]);

			if (child->orig)
				settle(child);
		}
		n->owned[w] = 0;
	}
}

void pt_settle(struct pt_node *root)
{
	if (root && root->orig)
		settle(root);
}

void pt_seal(struct pt_ctx *c, struct pt_node *root)
{
	(void)c;
	if (root)
		seal(root);
}

const struct pt_stats *pt_node_stats(const struct pt_node *node)
{
	return &node->stats;
}

uint64_t pt_node_hash(const struct pt_node *node)
{
	return node->hash;
}

/* ---- shared subtrees ------------------------------------------------------ */

struct pt_cache *pt_cache_new(void)
{
	return dmh_calloc(1, sizeof(struct pt_cache));
}

void pt_cache_free(struct pt_cache *cache)
{
	if (!cache)
		return;
	cache->closing = true;
	for (size_t i = 0; i < cache->nr; i++)
		pt_put(cache->entries[i].node);
	while (cache->free_nodes) {
		struct pt_node *n = cache->free_nodes;

		cache->free_nodes = n->orig;
		dmh_free(n);
	}
	dmh_free(cache->entries);
	dmh_free(cache);
}

static bool same_pattern(const struct pt_pattern *a, const struct pt_pattern *b)
{
	return a->period == b->period && a->unique == b->unique && a->attrs == b->attrs &&
	       a->origin == b->origin;
}

/* `pat` keys patterned nodes: its origin is the phase of the node's first entry. */
/* `cont`: the node's leaves carry the contiguous hints of their levels. */
static struct pt_node *cache_lookup(struct pt_cache *cache, unsigned int level, unsigned int mask,
				    unsigned int attrs, bool empty, bool cont,
				    const struct pt_pattern *pat)
{
	for (size_t i = 0; i < cache->nr; i++) {
		struct cache_entry *ce = &cache->entries[i];

		if (ce->level == level && ce->empty == empty && ce->cont == cont &&
		    ce->mask == mask && ce->attrs == attrs && same_pattern(&ce->pattern, pat))
			return pt_get(ce->node);
	}
	return NULL;
}

static int cache_insert(struct pt_cache *cache, unsigned int level, unsigned int mask,
			unsigned int attrs, bool empty, bool cont, const struct pt_pattern *pat,
			struct pt_node *node)
{
	int rc = dmh_grow((void **)&cache->entries, &cache->cap, cache->nr + 1,
			  sizeof(*cache->entries));

	if (rc)
		return rc;
	cache->entries[cache->nr++] =
		(struct cache_entry){ level, mask, attrs, empty, cont, *pat, pt_get(node) };
	return 0;
}

static struct pt_node *freeze(struct pt_ctx *c, struct pt_node *n, unsigned int mask,
			      unsigned int attrs, bool empty, bool cont,
			      const struct pt_pattern *pat)
{
	seal(n);
	n->frozen = true;
	if (cache_insert(c->cache, n->level, mask, attrs, empty, cont, pat, n)) {
		pt_put(n);
		return NULL;
	}
	return n;
}

static const struct pt_pattern no_pattern;

/* Where in its period the page at va is (0 without a pattern). */
static uint64_t pattern_phase(const struct pt_pattern *pat, uint64_t va)
{
	return pat->period ? (va - pat->origin) & (pat->period - 1) : 0;
}

/* The key of the full node whose first entry has phase `phase`. */
static struct pt_pattern pattern_key(const struct pt_pattern *pat, uint64_t phase)
{
	struct pt_pattern k = *pat;

	if (pat->period)
		k.origin = phase;
	return k;
}

static unsigned int leaf_attrs(const struct pt_pattern *pat, unsigned int attrs, uint64_t phase)
{
	return pat->period && phase >= pat->unique ? attrs | pat->attrs : attrs;
}

/*
 * alloc_init_cont_pte() and alloc_init_cont_pmd() (arm64 v6.1 mm/mmu.c): a
 * run of 2^cont_bits[level] entries, aligned, that the mapping call maps
 * whole gets PTE_CONT.  va: the leaf's, in the table's range.
 */
static unsigned int cont_attr(const struct pt_ctx *c, unsigned int level, uint64_t va)
{
	unsigned int bits = c->cont ? c->geo->cont_bits[level] : 0;
	uint64_t span, s, lo, hi;

	if (!bits)
		return 0;
	span = dmh_level_size(c->geo, level) << bits;
	s = DMH_ALIGN_DOWN(va, span);
	lo = c->cont_va & va_mask(c->geo);
	hi = ((c->cont_end - 1) & va_mask(c->geo)) + 1;
	return s >= lo && s + span <= hi ? DMH_PT_CONT : 0;
}

/* A table at `level` that maps its whole span as a fresh fill with `mask`
 * would, its first entry `phase` into the pattern.  It lies inside the
 * mapping call, so every leaf takes its level's contiguous hint. */
static struct pt_node *full_node(struct pt_ctx *c, unsigned int level, unsigned int mask,
				 unsigned int attrs, uint64_t phase)
{
	const struct pt_pattern *pat = &c->pattern;
	const struct pt_pattern key_pat = pattern_key(pat, phase);
	const uint64_t size = dmh_level_size(c->geo, level);
	bool cont = false;
	unsigned int key = mask & ((2u << level) - 1);
	struct pt_node *n;
	bool leaves = level == 0 || (key & (1u << level));

	for (unsigned int l = 0; l <= level && c->cont; l++)
		cont |= c->geo->cont_bits[l] != 0;
	n = cache_lookup(c->cache, level, key, attrs, false, cont, &key_pat);
	if (n)
		return n;
	n = node_new(c, level);
	if (!n)
		return NULL;
	for (unsigned int i = 0; i < n->nr; i++) {
		uint64_t ph = pat->period ? (phase + (uint64_t)i * size) & (pat->period - 1) : 0;
		struct pt_node *child;

		if (leaves) {
			set_entry(n, i, LEAF(leaf_attrs(pat, attrs, ph) |
				       (cont && c->geo->cont_bits[level] ? DMH_PT_CONT : 0)));
			continue;
		}
		/* a run of children in the same phase is one child */
		if (i && (!pat->period || ph == ((phase + (uint64_t)(i - 1) * size) &
						 (pat->period - 1)))) {
			set_entry(n, i, n->e[i - 1]);
			CHILD(n->e[i])->refs++;
			continue;
		}
		child = full_node(c, level - 1, mask, attrs, ph);
		if (!child) {
			pt_put(n);
			return NULL;
		}
		set_entry(n, i, (uintptr_t)child);
	}
	return freeze(c, n, key, attrs, false, cont, &key_pat);
}

/* An empty table that remove_pagetable() keeps (levels it never frees). */
static struct pt_node *empty_node(struct pt_ctx *c, unsigned int level)
{
	struct pt_node *n = cache_lookup(c->cache, level, 0, 0, true, false, &no_pattern);

	if (n)
		return n;
	n = node_new(c, level);
	if (!n)
		return NULL;
	return freeze(c, n, 0, 0, true, false, &no_pattern);
}

int pt_new_root(struct pt_ctx *c, struct pt_node **root)
{
	*root = node_new(c, c->geo->levels - 1);
	return *root ? 0 : -ENOMEM;
}

/* ---- fill: kernel_physical_mapping_init() -------------------------------- */

static int fill(struct pt_ctx *c, struct pt_node *n, uint64_t va, uint64_t va_end,
		unsigned int mask, unsigned int attrs)
{
	const unsigned int L = n->level;
	const uint64_t size = dmh_level_size(c->geo, L);
	uint64_t next;

	n->dirty = true;
	for (unsigned int i = slot_index(c->geo, L, va); i < n->nr && va < va_end; i++, va = next) {
		uintptr_t e = n->e[i];
		unsigned int child_attrs = attrs;
		struct pt_node *child;
		bool whole;
		int rc;

		next = DMH_ALIGN_DOWN(va, size) + size;
		whole = DMH_IS_ALIGNED(va, size) && next <= va_end;

		if (L == 0) { /* phys_pte_init() */
			if (!e) {
				set_entry(n, i, LEAF(leaf_attrs(&c->pattern, attrs,
							  pattern_phase(&c->pattern,
									DMH_ALIGN_DOWN(va, size))) |
					       cont_attr(c, 0, DMH_ALIGN_DOWN(va, size))));
				c->counted[0]++;
			} else if (c->boot) {
				c->counted[0]++;
			}
			continue;
		}
		if (e && !IS_LEAF(e)) { /* descend into the existing table */
			rc = writable_child(c, n, i, &child);
			if (!rc)
				rc = fill(c, child, va, va_end, mask, attrs);
			if (rc)
				return rc;
			continue;
		}
		if (e) { /* a large leaf */
			if (mask & (1u << L)) { /* size allowed: keep it */
				if (c->boot)
					c->counted[L]++;
				continue;
			}
			/* Split it, keeping its attributes (Intel TLB note 317080).  As
			 * the kernel does, only [va, va_end) is filled in the new table;
			 * its own contiguous hints follow from this call. */
			child_attrs = LEAF_ATTRS(e) & ~DMH_PT_CONT;
		} else if (mask & (1u << L)) {
			/* A leaf even if the slot is only partly covered, as the kernel sets it. */
			set_entry(n, i, LEAF(attrs | cont_attr(c, L, DMH_ALIGN_DOWN(va, size))));
			c->counted[L]++;
			continue;
		}
		if (whole) {
			child = full_node(c, L - 1, mask, child_attrs, pattern_phase(&c->pattern, va));
			if (!child)
				return -ENOMEM;
			for (unsigned int l = 0; l < L; l++)
				c->counted[l] += (int64_t)child->stats.leaves[l];
		} else {
			child = node_new(c, L - 1);
			if (!child)
				return -ENOMEM;
			rc = fill(c, child, va, va_end, mask, child_attrs);
			if (rc) {
				pt_put(child);
				return rc;
			}
		}
		set_entry(n, i, (uintptr_t)child);
	}
	return 0;
}

/* Bring [va, va_end) to the translated bits (dropping the sign extension);
 * false if it is empty. */
static bool to_table_range(const struct devmemhp_geometry *geo, uint64_t *va, uint64_t *va_end)
{
	*va &= va_mask(geo);
	*va_end = ((*va_end - 1) & va_mask(geo)) + 1;
	return *va < *va_end;
}

int pt_map(struct pt_ctx *c, struct pt_node **root, uint64_t va, uint64_t va_end,
	   unsigned int leaf_levels, unsigned int attrs)
{
	int rc;

	memset(c->counted, 0, sizeof(c->counted));
	if (!to_table_range(c->geo, &va, &va_end))
		return 0;
	rc = make_writable(c, root);
	if (rc)
		return rc;
	return fill(c, *root, va, va_end, leaf_levels | 1u, attrs & DMH_PT_ATTRS);
}

int pt_touch(struct pt_ctx *c, struct pt_node **root, uint64_t va, unsigned int level)
{
	struct pt_node *n;
	int rc;

	va &= va_mask(c->geo);
	rc = make_writable(c, root);
	for (n = *root; !rc && n->level > level;) {
		unsigned int i = slot_index(c->geo, n->level, va);
		uintptr_t e = n->e[i];
		struct pt_node *child;

		n->dirty = true;
		if (e && IS_LEAF(e))
			return -EEXIST; /* a leaf maps it already */
		if (!e) {
			child = node_new(c, n->level - 1);
			if (!child)
				return -ENOMEM;
			set_entry(n, i, (uintptr_t)child);
		} else {
			rc = writable_child(c, n, i, &child);
		}
		n = child;
	}
	return rc;
}

/* ---- removal: remove_pagetable() ------------------------------------------- */

static bool node_empty(const struct pt_node *n)
{
	return !n->used;
}

static bool freeable(const struct pt_ctx *c, unsigned int level)
{
	return c->geo->free_table_levels & (1u << level);
}

/* Would unmapping [va, va_end) from table n leave it empty: it holds only
 * leaves, all in slots the range covers whole? */
static bool empties(const struct pt_ctx *c, const struct pt_node *n, uint64_t va,
		    uint64_t va_end)
{
	const uint64_t size = dmh_level_size(c->geo, n->level);
	const unsigned int first = slot_index(c->geo, n->level, DMH_ALIGN_UP(va, size));
	unsigned int in = 0;

	for (unsigned int w = 0; w < (n->nr + 63) / 64; w++)
		if (n->tables[w])
			return false;
	if (va_end - va < size)
		return false;
	for (unsigned int i = first, k = 0; i < n->nr && k < (va_end - DMH_ALIGN_UP(va, size)) / size;
	     i++, k++)
		in += n->e[i] != 0;
	return in == n->used;
}

static int unmap(struct pt_ctx *c, struct pt_node *n, uint64_t va, uint64_t va_end)
{
	const unsigned int L = n->level;
	const uint64_t size = dmh_level_size(c->geo, L);
	const unsigned int below = L ? (1u << (L - 1)) - 1 : 0;
	uint64_t next;

	n->dirty = true;
	for (unsigned int i = slot_index(c->geo, L, va); i < n->nr && va < va_end; i++, va = next) {
		uintptr_t e = n->e[i];
		uint64_t slot_end = DMH_ALIGN_DOWN(va, size) + size;
		struct pt_node *child;
		int rc;

		next = DMH_MIN(slot_end, va_end);
		if (!e)
			continue;
		if (IS_LEAF(e)) {
			/* A partly covered large leaf is neither split nor cleared. */
			if (L == 0 || (DMH_IS_ALIGNED(va, size) && next == slot_end)) {
				set_entry(n, i, 0);
				c->counted[L]--;
			}
			continue;
		}
		child = CHILD(e);
		if (DMH_IS_ALIGNED(va, size) && next == slot_end &&
		    (c->geo->free_table_levels & below) == below) {
			/* Everything under the child goes; so does the child if freeable. */
			seal(child);
			for (unsigned int l = 0; l < L; l++)
				c->counted[l] -= (int64_t)child->stats.leaves[l];
			if (freeable(c, L - 1)) {
				set_entry(n, i, 0);
			} else {
				struct pt_node *empty = empty_node(c, L - 1);

				if (!empty)
					return -ENOMEM;
				set_entry(n, i, (uintptr_t)empty);
			}
			pt_put(child);
			continue;
		}
		if (freeable(c, L - 1) && empties(c, child, va, next)) {
			/* it would be copied only to be emptied and freed */
			c->counted[L - 1] -= (int64_t)child->used;
			set_entry(n, i, 0);
			pt_put(child);
			continue;
		}
		rc = writable_child(c, n, i, &child);
		if (!rc)
			rc = unmap(c, child, va, next);
		if (rc)
			return rc;
		if (freeable(c, L - 1) && node_empty(child)) { /* free_{pte,pmd,pud}_table() */
			set_entry(n, i, 0);
			pt_put(child);
		}
	}
	return 0;
}

int pt_unmap(struct pt_ctx *c, struct pt_node **root, uint64_t va, uint64_t va_end)
{
	int rc;

	memset(c->counted, 0, sizeof(c->counted));
	if (!to_table_range(c->geo, &va, &va_end))
		return 0;
	rc = make_writable(c, root);
	if (rc)
		return rc;
	return unmap(c, *root, va, va_end);
}

/* ---- reading -------------------------------------------------------------- */

int pt_lookup(const struct devmemhp_geometry *geo, const struct pt_node *root, uint64_t va,
	      unsigned int *level, unsigned int *attrs)
{
	const struct pt_node *n = root;

	va &= va_mask(geo);
	while (n) {
		uintptr_t e = n->e[slot_index(geo, n->level, va)];

		if (!e)
			return -ENOENT;
		if (IS_LEAF(e)) {
			if (level)
				*level = n->level;
			if (attrs)
				*attrs = LEAF_ATTRS(e);
			return 0;
		}
		n = CHILD(e);
	}
	return -ENOENT;
}

static void region_stats(const struct devmemhp_geometry *geo, const struct pt_node *n,
			 uint64_t base, uint64_t va, uint64_t va_end, struct pt_stats *st)
{
	const uint64_t size = dmh_level_size(geo, n->level);
	const uint64_t span = size * n->nr;

	if (va <= base && base + span <= va_end) {
		stats_add(st, &n->stats);
		return;
	}
	/* only the entries that meet [va, va_end) */
	const unsigned int first = va > base ? (unsigned int)DMH_MIN((va - base) / size, n->nr) : 0;
	const unsigned int last =
		(unsigned int)DMH_MIN((va_end - 1 - DMH_MIN(base, va_end - 1)) / size + 1, n->nr);

	for (unsigned int i = first; i < last; i++) {
		uint64_t s = base + (uint64_t)i * size;
		uintptr_t e = n->e[i];

		if (!e || s + size <= va || s >= va_end)
			continue;
		if (IS_LEAF(e)) {
			st->leaves[n->level]++;
			if (LEAF_ATTRS(e) & DMH_PT_ALTMAP)
				st->altmap_leaves[n->level]++;
			if (LEAF_ATTRS(e) & DMH_PT_SHARED)
				st->shared_leaves[n->level]++;
		} else {
			region_stats(geo, CHILD(e), s, va, va_end, st);
		}
	}
}

void pt_region_stats(const struct devmemhp_geometry *geo, const struct pt_node *root, uint64_t va,
		     uint64_t va_end, struct pt_stats *st)
{
	memset(st, 0, sizeof(*st));
	if (root && to_table_range(geo, &va, &va_end))
		region_stats(geo, root, 0, va, va_end, st);
}

struct walk {
	const struct devmemhp_geometry *geo;
	pt_run_fn fn;
	void *ctx;
	bool pending;
	uint64_t start, end;
	unsigned int level, attrs;
};

/* The address the CPU uses: the top translated bit repeated above it; a
 * 32-bit CPU's addresses are not extended. */
static uint64_t canonical(const struct devmemhp_geometry *geo, uint64_t va)
{
	unsigned int bits = dmh_va_bits(geo);

	if (geo->va_prefix) /* the window the bits above select (powerpc's quadrant 3) */
		return (va & va_mask(geo)) | geo->va_prefix;
	if (bits >= 64 || bits <= 32 || !(va >> (bits - 1) & 1))
		return va;
	return va | ~va_mask(geo);
}

static int walk_flush(struct walk *w)
{
	/* the end as the last byte plus one: 2^64 wraps to 0 at the very top */
	return w->fn(w->ctx, canonical(w->geo, w->start), canonical(w->geo, w->end - 1) + 1,
		     w->level, w->attrs);
}

static int walk_emit(struct walk *w, uint64_t s, uint64_t e, unsigned int level, unsigned int attrs)
{
	int rc = 0;

	if (w->pending && w->end == s && w->level == level && w->attrs == attrs) {
		w->end = e;
		return 0;
	}
	if (w->pending)
		rc = walk_flush(w);
	w->pending = true;
	w->start = s;
	w->end = e;
	w->level = level;
	w->attrs = attrs;
	return rc;
}

static int walk(struct walk *w, const struct pt_node *n, uint64_t base, uint64_t va,
		uint64_t va_end)
{
	const uint64_t size = dmh_level_size(w->geo, n->level);
	const uint64_t span = size * n->nr;
	int rc;

	if (n->uniform_level >= 0 && va <= base && base + span <= va_end)
		return walk_emit(w, base, base + span, (unsigned int)n->uniform_level,
				 n->uniform_attrs);
	for (unsigned int i = 0; i < n->nr; i++) {
		uint64_t s = base + (uint64_t)i * size;
		uintptr_t e = n->e[i];

		if (!e || s + size <= va || s >= va_end)
			continue;
		if (IS_LEAF(e))
			rc = walk_emit(w, DMH_MAX(s, va), DMH_MIN(s + size, va_end), n->level,
				       LEAF_ATTRS(e));
		else
			rc = walk(w, CHILD(e), s, va, va_end);
		if (rc)
			return rc;
	}
	return 0;
}

int pt_walk_leaves(const struct devmemhp_geometry *geo, const struct pt_node *root, uint64_t va,
		   uint64_t va_end, pt_run_fn fn, void *ctx)
{
	struct walk w = { .geo = geo, .fn = fn, .ctx = ctx };
	int rc;

	if (!root || !to_table_range(geo, &va, &va_end))
		return 0;
	rc = walk(&w, root, 0, va, va_end);
	if (!rc && w.pending)
		rc = walk_flush(&w);
	return rc;
}

struct entry_walk {
	const struct devmemhp_geometry *geo;
	pt_entry_fn fn;
	void *ctx;
	bool pending, present;
	uint64_t start, end;
	unsigned int level, attrs;
};

static int entry_emit(struct entry_walk *w, uint64_t s, uint64_t e, unsigned int level,
		      bool present, unsigned int attrs)
{
	int rc = 0;

	attrs &= DMH_PT_HW; /* what a real entry holds: ptdump merges on that */
	if (w->pending && w->end == s && w->level == level && w->present == present &&
	    w->attrs == attrs) {
		w->end = e;
		return 0;
	}
	if (w->pending)
		rc = w->fn(w->ctx, canonical(w->geo, w->start), canonical(w->geo, w->end - 1) + 1,
			   w->level, w->present, w->attrs);
	*w = (struct entry_walk){ w->geo, w->fn, w->ctx, true, present, s, e, level, attrs };
	return rc;
}

static int walk_entries(struct entry_walk *w, const struct pt_node *n, uint64_t base, uint64_t va,
			uint64_t va_end)
{
	const uint64_t size = dmh_level_size(w->geo, n->level);
	const uint64_t span = size * n->nr;
	int rc = 0;

	if (n->uniform_level >= 0 && va <= base && base + span <= va_end)
		return entry_emit(w, base, base + span, (unsigned int)n->uniform_level, true,
				  n->uniform_attrs);
	for (unsigned int i = 0; i < n->nr && !rc; i++) {
		uint64_t s = base + (uint64_t)i * size;
		uintptr_t e = n->e[i];

		if (s + size <= va || s >= va_end)
			continue;
		if (!e)
			rc = entry_emit(w, DMH_MAX(s, va), DMH_MIN(s + size, va_end), n->level, false, 0);
		else if (IS_LEAF(e))
			rc = entry_emit(w, DMH_MAX(s, va), DMH_MIN(s + size, va_end), n->level, true,
					LEAF_ATTRS(e));
		else
			rc = walk_entries(w, CHILD(e), s, va, va_end);
	}
	return rc;
}

int pt_walk_entries(const struct devmemhp_geometry *geo, const struct pt_node *root, uint64_t va,
		    uint64_t va_end, pt_entry_fn fn, void *ctx)
{
	struct entry_walk w = { .geo = geo, .fn = fn, .ctx = ctx };
	int rc;

	if (!root || !to_table_range(geo, &va, &va_end))
		return 0;
	rc = walk_entries(&w, root, 0, va, va_end);
	if (!rc && w.pending)
		rc = fn(ctx, canonical(geo, w.start), canonical(geo, w.end - 1) + 1, w.level,
			w.present, w.attrs);
	return rc;
}

static int verify(const struct devmemhp_geometry *geo, const struct pt_node *n, unsigned int level,
		  char *why, size_t whylen)
{
	struct pt_stats st;
	uint64_t hash;
	int ulevel;
	unsigned int uattrs, breaks;

	if (n->level != level || n->nr != 1u << geo->level_bits[level]) {
		snprintf(why, whylen, "page table: node at level %u has level %u and %u entries",
			 level, n->level, n->nr);
		return -EUCLEAN;
	}
	if (n->dirty) {
		snprintf(why, whylen, "page table: level %u node left unsealed", level);
		return -EUCLEAN;
	}
	unsigned int used = 0;

	for (unsigned int i = 0; i < n->nr; i++)
		used += n->e[i] != 0;
	if (used != n->used) {
		snprintf(why, whylen, "page table: level %u node counts %u entries, holds %u", level,
			 n->used, used);
		return -EUCLEAN;
	}
	for (unsigned int i = 0; i < n->nr; i++) {
		uintptr_t e = n->e[i];
		int rc;

		if (!(n->tables[i / 64] >> (i % 64) & 1) != (!e || IS_LEAF(e))) {
			snprintf(why, whylen, "page table: level %u entry %u: its table bit is wrong",
				 level, i);
			return -EUCLEAN;
		}
		if (!e || IS_LEAF(e))
			continue;
		/* refs are not read here: a writer changes them while queries run */
		if (level == 0) {
			snprintf(why, whylen, "page table: table below level 0");
			return -EUCLEAN;
		}
		/* A shared child is verified once per run of equal entries. */
		if (i > 0 && n->e[i - 1] == e)
			continue;
		rc = verify(geo, CHILD(e), level - 1, why, whylen);
		if (rc)
			return rc;
	}
	summarize(n, &st, &hash, &ulevel, &uattrs, &breaks);
	if (memcmp(&st, &n->stats, sizeof(st)) || hash != n->hash || ulevel != n->uniform_level ||
	    uattrs != n->uniform_attrs || breaks != n->breaks) {
		snprintf(why, whylen, "page table: level %u node summary is stale", level);
		return -EUCLEAN;
	}
	return 0;
}

int pt_verify(const struct devmemhp_geometry *geo, const struct pt_node *root, char *why,
	      size_t whylen)
{
	if (!root)
		return 0;
	return verify(geo, root, geo->levels - 1, why, whylen);
}
