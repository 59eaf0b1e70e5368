/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* DEVICE_MEMORY_* classification: validation, names, Linux memory types. */
#include <errno.h>
#include <string.h>

#include "private.h"

static const struct {
	unsigned int bit;
	const char *name;
} flag_names[] = {
	{ DEVICE_MEMORY_DEVICE, "device" },
	{ DEVICE_MEMORY_MOVABLE, "movable" },
	{ DEVICE_MEMORY_UNADDRESSABLE, "unaddressable" },
};

DMH_EXPORT int devmemhp_flags_validate(unsigned int flags)
{
	if (flags & ~DEVICE_MEMORY_ALL)
		return -EINVAL;
	/* System RAM never takes the device path, and device memory never the RAM path. */
	if ((flags & (DEVICE_MEMORY_MOVABLE | DEVICE_MEMORY_UNADDRESSABLE)) &&
	    !(flags & DEVICE_MEMORY_DEVICE))
		return -EINVAL;
	return 0;
}

DMH_EXPORT int devmemhp_flags_to_string(unsigned int flags, char *buf, size_t size)
{
	size_t len = 0;

	if (!buf || !size || devmemhp_flags_validate(flags))
		return -EINVAL;
	if (flags == DEVICE_MEMORY_NONE) {
		if (size < sizeof("ram"))
			return -ERANGE;
		memcpy(buf, "ram", sizeof("ram"));
		return 0;
	}
	buf[0] = '\0';
	for (size_t i = 0; i < DMH_ARRAY_SIZE(flag_names); i++) {
		size_t n;

		if (!(flags & flag_names[i].bit))
			continue;
		n = strlen(flag_names[i].name) + (len ? 1 : 0);
		if (len + n + 1 > size)
			return -ERANGE;
		if (len)
			buf[len++] = '|';
		memcpy(buf + len, flag_names[i].name, strlen(flag_names[i].name) + 1);
		len += strlen(flag_names[i].name);
	}
	return 0;
}

DMH_EXPORT int devmemhp_flags_from_string(const char *s, unsigned int *flags)
{
	unsigned int v = 0;
	const char *p;

	if (!s || !flags || !*s)
		return -EINVAL;
	if (strcmp(s, "ram") == 0 || strcmp(s, "none") == 0) {
		*flags = DEVICE_MEMORY_NONE;
		return 0;
	}
	for (p = s;;) {
		size_t n = strcspn(p, "|");
		size_t i;

		for (i = 0; i < DMH_ARRAY_SIZE(flag_names); i++)
			if (strlen(flag_names[i].name) == n && strncmp(p, flag_names[i].name, n) == 0)
				break;
		if (i == DMH_ARRAY_SIZE(flag_names))
			return -EINVAL;
		v |= flag_names[i].bit;
		if (!p[n])
			break;
		p += n + 1;
	}
	if (devmemhp_flags_validate(v))
		return -EINVAL;
	*flags = v;
	return 0;
}

/* include/linux/memremap.h (v6.1) and mm/memremap.c: memremap_pages(). */
DMH_EXPORT int devmemhp_flags_from_memory_type(enum devmemhp_memory_type type, unsigned int *flags,
					       enum devmemhp_pgprot *pgprot)
{
	unsigned int f;
	enum devmemhp_pgprot prot = DEVMEMHP_PGPROT_KERNEL;

	switch (type) {
	case DEVMEMHP_MEMORY_DEVICE_PRIVATE:
		f = DEVICE_MEMORY_DEVICE | DEVICE_MEMORY_MOVABLE | DEVICE_MEMORY_UNADDRESSABLE;
		break;
	case DEVMEMHP_MEMORY_DEVICE_COHERENT:
		f = DEVICE_MEMORY_DEVICE | DEVICE_MEMORY_MOVABLE;
		break;
	case DEVMEMHP_MEMORY_DEVICE_FS_DAX:
		f = DEVICE_MEMORY_DEVICE;
		prot = DEVMEMHP_PGPROT_DECRYPTED;
		break;
	case DEVMEMHP_MEMORY_DEVICE_GENERIC:
		f = DEVICE_MEMORY_DEVICE;
		break;
	case DEVMEMHP_MEMORY_DEVICE_PCI_P2PDMA:
		f = DEVICE_MEMORY_DEVICE;
		prot = DEVMEMHP_PGPROT_NONCACHED;
		break;
	default:
		return -EINVAL;
	}
	if (flags)
		*flags = f;
	if (pgprot)
		*pgprot = prot;
	return 0;
}

DMH_EXPORT int devmemhp_flags_to_memory_type(unsigned int flags, enum devmemhp_memory_type *type)
{
	enum devmemhp_memory_type t;

	if (!type || devmemhp_flags_validate(flags) || !(flags & DEVICE_MEMORY_DEVICE))
		return -EINVAL;
	/* Linux has one unaddressable type; its pages are always migratable. */
	if (flags & DEVICE_MEMORY_UNADDRESSABLE)
		t = DEVMEMHP_MEMORY_DEVICE_PRIVATE;
	else if (flags & DEVICE_MEMORY_MOVABLE)
		t = DEVMEMHP_MEMORY_DEVICE_COHERENT;
	else
		t = DEVMEMHP_MEMORY_DEVICE_GENERIC;
	*type = t;
	return 0;
}
