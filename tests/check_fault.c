/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * All-or-nothing: fail the 1st, 2nd, 3rd ... allocation of each kind of
 * operation until it succeeds.  Every failure must return -ENOMEM, pass
 * devmemhp_check() and leave the canonical dump of the machine unchanged;
 * the final success must give the same machine as a run without failures.
 */
#include <stdbool.h>

#include "sysroot.h"
#include "testutil.h"

#define QEMU_1G "kernel=6.1,boot=0x1000-0x9fc00;0x100000-0x3ffe0000"

typedef int (*op_fn)(struct devmemhp_machine *m);

struct fault_case {
	const char *name;
	const char *options;
	op_fn setup; /* may be NULL */
	op_fn op;
	const char *arch; /* NULL: x86_64 */
};

/* arm64 with the blocks and contiguous hints of rodata=on, and NOMAP memory */
#define ARM64_CONT "kernel=6.1,rodata_full=0,phys_offset=0,boot=0x4000000-0x8000000:nomap;1G-2G"

static int add_ram(struct devmemhp_machine *m)
{
	return devmemhp_add_memory(m, 0, 4 * GiB, 2 * GiB, 0);
}

static int add_ram_unaligned_1g(struct devmemhp_machine *m)
{
	return devmemhp_add_memory(m, 0, 0x108000000ull, 2 * GiB, 0);
}

static int add_one_block(struct devmemhp_machine *m)
{
	return devmemhp_add_memory(m, 0, 4 * GiB, 128 * MiB, 0);
}

static int add_device(struct devmemhp_machine *m)
{
	return devmemhp_add_memory(m, 0, 8 * GiB + 2 * MiB, GiB + 4 * MiB, DEV);
}

static int add_private(struct devmemhp_machine *m)
{
	return devmemhp_add_memory(m, 0, 0x3ffff0000000ull, 256 * MiB, DEV_PRIVATE);
}

static int add_two(struct devmemhp_machine *m)
{
	int rc = add_ram(m);

	return rc ? rc : add_device(m);
}

static int add_ram_private(struct devmemhp_machine *m)
{
	int rc = add_ram(m);

	return rc ? rc : add_private(m);
}

static int remove_ram(struct devmemhp_machine *m)
{
	return devmemhp_remove_memory(m, 4 * GiB, 2 * GiB, 0);
}

/* A phase of the arm64 oracle, its NOMAP memory included, as a machine's files. */
static char arm64_root[TU_TEMPLATE_MAX];
static bool arm64_made;

static int arm64_phase_files(const char *phase)
{
	const char *src = getenv("srcdir");
	char *dir;
	int rc;

	if (arm64_made)
		return 0;
	tu_template(arm64_root, "fault");
	ck_assert_ptr_nonnull(mkdtemp(arm64_root));
	ck_assert_int_ge(asprintf(&dir, "%s/tests/data/oracle/arm64-6.1/%s", src ? src : ".",
				  phase), 0);
	rc = tu_sysroot(dir, arm64_root);
	free(dir);
	ck_assert_int_eq(rc, 0);
	arm64_made = true;
	return 0;
}

/* the boot */
static int arm64_files(struct devmemhp_machine *m)
{
	(void)m;
	return arm64_phase_files("baseline/boot");
}

/* virtio_mem's GiB, imported a block a call, into rodata=on */
static int arm64_virtio_files(struct devmemhp_machine *m)
{
	(void)m;
	return arm64_phase_files("virtio-mem/after-1G");
}

static int import_arm64(struct devmemhp_machine *m)
{
	return devmemhp_machine_import(m, arm64_root);
}

/* Take arm64_files()' tree away again. */
static void arm64_files_gone(void)
{
	char *cmd;

	if (!arm64_made)
		return;
	ck_assert_int_ge(asprintf(&cmd, "rm -rf %s", arm64_root), 0);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	arm64_made = false;
}

static int remove_ram_unaligned_1g(struct devmemhp_machine *m)
{
	return devmemhp_remove_memory(m, 0x108000000ull, 2 * GiB, 0);
}

static int remove_one_block(struct devmemhp_machine *m)
{
	return devmemhp_remove_memory(m, 4 * GiB, 128 * MiB, 0);
}

static int remove_device(struct devmemhp_machine *m)
{
	return devmemhp_remove_memory(m, 8 * GiB + 2 * MiB, GiB + 4 * MiB, DEV);
}

static int remove_private(struct devmemhp_machine *m)
{
	return devmemhp_remove_memory(m, 0x3ffff0000000ull, 256 * MiB, DEV_PRIVATE);
}

static int online_movable(struct devmemhp_machine *m)
{
	return devmemhp_online_memory(m, 4 * GiB, 2 * GiB, DEVMEMHP_ZONE_MOVABLE);
}

static int online_auto_middle(struct devmemhp_machine *m)
{
	return devmemhp_online_memory(m, 4 * GiB + 512 * MiB, GiB, DEVMEMHP_ZONE_AUTO);
}

static int online_one_block(struct devmemhp_machine *m)
{
	return devmemhp_online_memory(m, 4 * GiB, 128 * MiB, DEVMEMHP_ZONE_AUTO);
}

static int offline_middle(struct devmemhp_machine *m)
{
	return devmemhp_offline_memory(m, 4 * GiB + 512 * MiB, 512 * MiB);
}

static int offline_all(struct devmemhp_machine *m)
{
	return devmemhp_offline_memory(m, 4 * GiB, 2 * GiB);
}

static int offline_one_block(struct devmemhp_machine *m)
{
	return devmemhp_offline_memory(m, 4 * GiB, 128 * MiB);
}

static int offline_boot_block(struct devmemhp_machine *m)
{
	return devmemhp_offline_memory(m, 256 * MiB, 128 * MiB);
}

static int online_boot_block(struct devmemhp_machine *m)
{
	return devmemhp_online_memory(m, 256 * MiB, 128 * MiB, DEVMEMHP_ZONE_AUTO);
}

/* Plans: the operation's outcome is plan.result; a failed allocation makes
 * it -ENOMEM and leaves the machine as it was, like the operation itself. */
static int plan_add_ram(struct devmemhp_machine *m)
{
	struct devmemhp_add_params p = { .size = sizeof(p), .start = 4 * GiB, .length = 2 * GiB };
	struct devmemhp_plan plan = { .size = sizeof(plan) };
	int rc = devmemhp_plan_add(m, &p, &plan);

	return rc ? rc : plan.result;
}

static int plan_add_private(struct devmemhp_machine *m)
{
	struct devmemhp_add_params p = { .size = sizeof(p), .start = 0x3ffff0000000ull,
					 .length = 256 * MiB, .flags = DEV_PRIVATE };
	struct devmemhp_plan plan = { .size = sizeof(plan) };
	int rc = devmemhp_plan_add(m, &p, &plan);

	return rc ? rc : plan.result;
}

static int plan_remove_ram(struct devmemhp_machine *m)
{
	struct devmemhp_plan plan = { .size = sizeof(plan) };
	int rc = devmemhp_plan_remove(m, 4 * GiB, 2 * GiB, 0, &plan);

	return rc ? rc : plan.result;
}

static const struct fault_case cases[] = {
	{ "plan add RAM", QEMU_1G ",online=online", NULL, plan_add_ram },
	{ "plan add unaddressable", QEMU_1G, NULL, plan_add_private },
	{ "plan remove RAM", QEMU_1G, add_ram, plan_remove_ram },
	{ "add RAM, offline", QEMU_1G, NULL, add_ram },
	{ "add RAM, auto-online", QEMU_1G ",online=online", NULL, add_ram_unaligned_1g },
	{ "add RAM, auto-movable", QEMU_1G ",online=online,online_policy=auto-movable", NULL, add_ram },
	{ "add RAM, 5 levels", QEMU_1G ",levels=5,gbpages=0,online=online_movable", NULL, add_ram },
	{ "add RAM, memmap_on_memory", QEMU_1G ",memmap_on_memory=1,online=online", NULL,
	  add_one_block },
	{ "add device", QEMU_1G, NULL, add_device },
	{ "add device, no PSE", QEMU_1G ",pse=0", NULL, add_device },
	{ "add unaddressable", QEMU_1G, NULL, add_private },
	{ "add next to RAM", QEMU_1G ",online=online", add_ram, add_device },
	{ "remove RAM", QEMU_1G, add_ram, remove_ram },
	{ "remove RAM, 5 levels", QEMU_1G ",levels=5", add_ram, remove_ram },
	{ "remove RAM, memmap_on_memory", QEMU_1G ",memmap_on_memory=1", add_one_block,
	  remove_one_block },
	{ "remove device", QEMU_1G, add_two, remove_device },
	{ "remove device, 5 levels", QEMU_1G ",levels=5,gbpages=0", add_device, remove_device },
	{ "remove unaddressable", QEMU_1G, add_ram_private, remove_private },
	{ "online movable", QEMU_1G, add_ram, online_movable },
	{ "online auto", QEMU_1G ",online_policy=auto-movable", add_ram, online_auto_middle },
	{ "online memmap_on_memory", QEMU_1G ",memmap_on_memory=1", add_one_block, online_one_block },
	{ "offline middle", QEMU_1G ",online=online", add_ram, offline_middle },
	{ "offline all", QEMU_1G ",online=online_movable", add_ram, offline_all },
	{ "offline memmap_on_memory", QEMU_1G ",memmap_on_memory=1,online=online", add_one_block,
	  offline_one_block },
	{ "offline boot", QEMU_1G, NULL, offline_boot_block },
	{ "online boot", QEMU_1G, offline_boot_block, online_boot_block },
	{ "add RAM, arm64 contiguous", ARM64_CONT, NULL, add_ram_unaligned_1g, "arm64" },
	{ "remove RAM, arm64 contiguous", ARM64_CONT, add_ram_unaligned_1g, remove_ram_unaligned_1g,
	  "arm64" },
	{ "offline next to NOMAP", QEMU_1G ";0x40000000-0x48000000:nomap,online=online", add_ram,
	  offline_all },
	{ "import arm64 with NOMAP", "phys_offset=0,zone_device=0", arm64_files, import_arm64,
	  "arm64" },
	{ "import arm64 virtio-mem, rodata=on", "phys_offset=0,zone_device=0,rodata_full=0",
	  arm64_virtio_files, import_arm64, "arm64" },
};

/*
 * Each case twice: cold (_i odd), the working copy of the state dropped
 * before every try, so that the transaction clones the committed state as
 * the first one does; warm, with the working copy the setup left, where an
 * operation may allocate nothing at all.
 */
START_TEST(test_fault_injection)
{
	const struct fault_case *c = &cases[_i / 2];
	const bool cold = _i % 2;
	const char *arch = c->arch ? c->arch : "x86_64";
	struct devmemhp_machine *m = tu_machine_kernel(arch, "6.1", c->options);
	struct devmemhp_machine *ref = tu_machine_kernel(arch, "6.1", c->options);
	char *before, *after, *expected;
	unsigned long n, failures;
	int rc;

	if (c->setup) {
		OP(m, c->setup(m), 0);
		OP(ref, c->setup(ref), 0);
	}
	OP(ref, c->op(ref), 0);
	expected = tu_dump(ref);
	devmemhp_machine_unref(ref);

	before = tu_dump(m);
	for (n = 1;; n++) {
		failures = dmh_alloc_failures();
		if (cold)
			dmh_txn_drop_copy(m);
		dmh_alloc_fail_at(n);
		rc = c->op(m);
		dmh_alloc_fail_at(0);
		if (rc == 0)
			break;
		ck_assert_msg(rc == -ENOMEM, "%s: allocation %lu: %d (%s)", c->name, n, rc,
			      devmemhp_last_error(m));
		ck_assert_msg(dmh_alloc_failures() == failures + 1, "%s: allocation %lu: no failure "
			      "was injected", c->name, n);
		tu_check(m);
		after = tu_dump(m);
		ck_assert_msg(strcmp(before, after) == 0, "%s: allocation %lu failed and changed the "
			      "machine", c->name, n);
		free(after);
		ck_assert_msg(n < 100000, "%s: never succeeds", c->name);
	}
	/* the call that succeeded had all its allocations: no failure went unseen */
	ck_assert_msg(dmh_alloc_failures() == failures, "%s: a failure at %lu was swallowed", c->name,
		      n);
	ck_assert_msg(n > 1 || !cold, "%s: the operation allocates nothing", c->name);
	tu_check(m);
	after = tu_dump(m);
	ck_assert_str_eq(after, expected);
	free(after);
	free(before);
	free(expected);
	devmemhp_machine_unref(m);
	arm64_files_gone();
}
END_TEST

/* machine_new(): every allocation of the boot may fail, and nothing leaks. */
static const struct {
	const char *arch, *options;
} new_options[] = {
	{ "x86_64", QEMU_1G },
	{ "x86_64", QEMU_1G ",levels=5" },
	{ "x86_64", "kernel=6.1,boot=0x1000-0x9fc00;0x100000-0x80000000;4G-66G@1,nodes=2,hypervisor=1" },
	{ "arm64", ARM64_CONT },
	/* the kernel image's alias mapped apart, after the rest */
	{ "arm64", ARM64_CONT ",kernel_image=0x40210000-0x41a60000" },
};

START_TEST(test_fault_machine_new)
{
	struct devmemhp_machine *m = NULL;
	unsigned long n;
	int rc;

	for (n = 1;; n++) {
		dmh_alloc_fail_at(n);
		rc = devmemhp_machine_new(new_options[_i].arch, new_options[_i].options, &m);
		dmh_alloc_fail_at(0);
		if (rc == 0)
			break;
		ck_assert_int_eq(rc, -ENOMEM);
		ck_assert_ptr_null(m);
		ck_assert_msg(n < 100000, "machine_new never succeeds");
	}
	ck_assert_uint_gt(n, 3);
	tu_check(m);
	devmemhp_machine_unref(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("fault");
	TCase *tc = tcase_create("fault");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_fault_injection, 0, 2 * sizeof(cases) / sizeof(cases[0]));
	tcase_add_loop_test(tc, test_fault_machine_new, 0,
			    sizeof(new_options) / sizeof(new_options[0]));
	suite_add_tcase(s, tc);
	return tu_run(s);
}
