/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* DEVICE_MEMORY_* classification, Linux memory types, zone names. */
#include "testutil.h"

static const struct {
	unsigned int flags;
	int rc;
	const char *name;
} flag_table[] = {
	{ DEVICE_MEMORY_NONE, 0, "ram" },
	{ DEV, 0, "device" },
	{ DEV_MOVABLE, 0, "device|movable" },
	{ DEV_UNADDR, 0, "device|unaddressable" },
	{ DEV_PRIVATE, 0, "device|movable|unaddressable" },
	{ DEVICE_MEMORY_MOVABLE, -EINVAL, NULL },
	{ DEVICE_MEMORY_UNADDRESSABLE, -EINVAL, NULL },
	{ DEVICE_MEMORY_MOVABLE | DEVICE_MEMORY_UNADDRESSABLE, -EINVAL, NULL },
	{ 0x8, -EINVAL, NULL },
	{ DEV | 0x10, -EINVAL, NULL },
	{ 0x80000000u, -EINVAL, NULL },
};

START_TEST(test_flags_table)
{
	char buf[64];
	unsigned int back = 0xdead;

	ck_assert_int_eq(devmemhp_flags_validate(flag_table[_i].flags), flag_table[_i].rc);
	ck_assert_int_eq(devmemhp_flags_to_string(flag_table[_i].flags, buf, sizeof(buf)),
			 flag_table[_i].rc);
	if (flag_table[_i].rc)
		return;
	ck_assert_str_eq(buf, flag_table[_i].name);
	ck_assert_int_eq(devmemhp_flags_from_string(buf, &back), 0);
	ck_assert_uint_eq(back, flag_table[_i].flags);
}
END_TEST

START_TEST(test_flags_string_errors)
{
	char small[8];
	unsigned int f = 0x55;

	/* "device|movable" needs 15 bytes */
	ck_assert_int_eq(devmemhp_flags_to_string(DEV_MOVABLE, small, sizeof(small)), -ERANGE);
	ck_assert_int_eq(devmemhp_flags_to_string(DEV, small, 6), -ERANGE);
	ck_assert_int_eq(devmemhp_flags_to_string(DEV, small, 7), 0);
	ck_assert_str_eq(small, "device");
	ck_assert_int_eq(devmemhp_flags_to_string(0, small, 3), -ERANGE);
	ck_assert_int_eq(devmemhp_flags_to_string(DEV, NULL, 8), -EINVAL);
	ck_assert_int_eq(devmemhp_flags_to_string(DEV, small, 0), -EINVAL);

	ck_assert_int_eq(devmemhp_flags_from_string("none", &f), 0);
	ck_assert_uint_eq(f, DEVICE_MEMORY_NONE);
	ck_assert_int_eq(devmemhp_flags_from_string("unaddressable|device", &f), 0);
	ck_assert_uint_eq(f, DEV_UNADDR);
	f = 0x55;
	ck_assert_int_eq(devmemhp_flags_from_string("movable", &f), -EINVAL);
	ck_assert_int_eq(devmemhp_flags_from_string("device|", &f), -EINVAL);
	ck_assert_int_eq(devmemhp_flags_from_string("|device", &f), -EINVAL);
	ck_assert_int_eq(devmemhp_flags_from_string("devic", &f), -EINVAL);
	ck_assert_int_eq(devmemhp_flags_from_string("device|gpu", &f), -EINVAL);
	ck_assert_int_eq(devmemhp_flags_from_string("", &f), -EINVAL);
	ck_assert_int_eq(devmemhp_flags_from_string(NULL, &f), -EINVAL);
	ck_assert_int_eq(devmemhp_flags_from_string("device", NULL), -EINVAL);
	ck_assert_uint_eq(f, 0x55); /* untouched on failure */
}
END_TEST

/* include/linux/memremap.h (v6.1): enum memory_type, and memremap_pages()'s pgprot */
static const struct {
	int type;
	int rc;
	unsigned int flags;
	enum devmemhp_pgprot prot;
} type_table[] = {
	{ 0, -EINVAL, 0, 0 }, /* "to catch uninitialized type fields" */
	{ DEVMEMHP_MEMORY_DEVICE_PRIVATE, 0, DEV_PRIVATE, DEVMEMHP_PGPROT_KERNEL },
	{ DEVMEMHP_MEMORY_DEVICE_COHERENT, 0, DEV_MOVABLE, DEVMEMHP_PGPROT_KERNEL },
	{ DEVMEMHP_MEMORY_DEVICE_FS_DAX, 0, DEV, DEVMEMHP_PGPROT_DECRYPTED },
	{ DEVMEMHP_MEMORY_DEVICE_GENERIC, 0, DEV, DEVMEMHP_PGPROT_KERNEL },
	{ DEVMEMHP_MEMORY_DEVICE_PCI_P2PDMA, 0, DEV, DEVMEMHP_PGPROT_NONCACHED },
	{ 6, -EINVAL, 0, 0 },
	{ -1, -EINVAL, 0, 0 },
};

START_TEST(test_memory_types)
{
	unsigned int flags = 0x77;
	enum devmemhp_pgprot prot = 77;

	ck_assert_int_eq(devmemhp_flags_from_memory_type(type_table[_i].type, &flags, &prot),
			 type_table[_i].rc);
	if (type_table[_i].rc) {
		ck_assert_uint_eq(flags, 0x77);
		return;
	}
	ck_assert_uint_eq(flags, type_table[_i].flags);
	ck_assert_int_eq(prot, type_table[_i].prot);
}
END_TEST

START_TEST(test_to_memory_type)
{
	enum devmemhp_memory_type t;

	ck_assert_int_eq(devmemhp_flags_to_memory_type(DEV_PRIVATE, &t), 0);
	ck_assert_int_eq(t, DEVMEMHP_MEMORY_DEVICE_PRIVATE);
	ck_assert_int_eq(devmemhp_flags_to_memory_type(DEV_UNADDR, &t), 0);
	ck_assert_int_eq(t, DEVMEMHP_MEMORY_DEVICE_PRIVATE);
	ck_assert_int_eq(devmemhp_flags_to_memory_type(DEV_MOVABLE, &t), 0);
	ck_assert_int_eq(t, DEVMEMHP_MEMORY_DEVICE_COHERENT);
	ck_assert_int_eq(devmemhp_flags_to_memory_type(DEV, &t), 0);
	ck_assert_int_eq(t, DEVMEMHP_MEMORY_DEVICE_GENERIC);
	/* system RAM is no memory type of a dev_pagemap */
	ck_assert_int_eq(devmemhp_flags_to_memory_type(DEVICE_MEMORY_NONE, &t), -EINVAL);
	ck_assert_int_eq(devmemhp_flags_to_memory_type(DEVICE_MEMORY_MOVABLE, &t), -EINVAL);
	ck_assert_int_eq(devmemhp_flags_to_memory_type(DEV | 8, &t), -EINVAL);
	ck_assert_int_eq(devmemhp_flags_to_memory_type(DEV, NULL), -EINVAL);
}
END_TEST

START_TEST(test_zone_names)
{
	/* mm/page_alloc.c: zone_names[] */
	ck_assert_str_eq(devmemhp_zone_name(DEVMEMHP_ZONE_DMA), "DMA");
	ck_assert_str_eq(devmemhp_zone_name(DEVMEMHP_ZONE_DMA32), "DMA32");
	ck_assert_str_eq(devmemhp_zone_name(DEVMEMHP_ZONE_NORMAL), "Normal");
	ck_assert_str_eq(devmemhp_zone_name(DEVMEMHP_ZONE_HIGHMEM), "HighMem");
	ck_assert_str_eq(devmemhp_zone_name(DEVMEMHP_ZONE_MOVABLE), "Movable");
	ck_assert_str_eq(devmemhp_zone_name(DEVMEMHP_ZONE_DEVICE), "Device");
	ck_assert_ptr_null(devmemhp_zone_name(DEVMEMHP_ZONE_AUTO));
	ck_assert_ptr_null(devmemhp_zone_name(DEVMEMHP_ZONE_NONE));
	ck_assert_ptr_null(devmemhp_zone_name((enum devmemhp_zone)-1));
	ck_assert_uint_eq(sizeof(enum devmemhp_zone), sizeof(int));
}
END_TEST

START_TEST(test_abi_values)
{
	/* The values are ABI: they never change. */
	ck_assert_uint_eq(DEVICE_MEMORY_NONE, 0);
	ck_assert_uint_eq(DEVICE_MEMORY_DEVICE, 1);
	ck_assert_uint_eq(DEVICE_MEMORY_MOVABLE, 2);
	ck_assert_uint_eq(DEVICE_MEMORY_UNADDRESSABLE, 4);
	ck_assert_uint_eq(DEVICE_MEMORY_ALL, 7);
	ck_assert_str_eq(devmemhp_version(), DEVMEMHP_VERSION_STRING);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("flags");
	TCase *tc = tcase_create("flags");

	tcase_add_loop_test(tc, test_flags_table, 0, sizeof(flag_table) / sizeof(flag_table[0]));
	tcase_add_test(tc, test_flags_string_errors);
	tcase_add_loop_test(tc, test_memory_types, 0, sizeof(type_table) / sizeof(type_table[0]));
	tcase_add_test(tc, test_to_memory_type);
	tcase_add_test(tc, test_zone_names);
	tcase_add_test(tc, test_abi_values);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
