#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Write the seed corpus of tests/fuzz/fuzz_api.c into tests/fuzz/corpus/api/.

An input is: the backend (index into devmemhp_arch_foreach()'s order), its
own option (bit 7 set: one of its table), a generic option, then calls, each
an op byte followed by its argument bytes as fuzz_api.c decodes them.
Run from anywhere; files named seed-* are rewritten, others (regress-*) kept.
"""
import os

ARCHES = ["x86_64", "x86_32", "powerpc", "s390", "ia64", "sh", "tile", "arm64", "riscv64"]

# addresses (gen_addr): low nibble the kind, high nibble k
BOOT_END = 0x01          # boot RAM end, block aligned
FREE = 0x03              # find_free_region()'s answer
RANGE = 0x08             # a range added before
TOP = 0x07               # the top of the physical space, a block below
OVERFLOW = 0x0d          # UINT64_MAX
ZERO = 0x00
# sizes (gen_size)
BLOCK = 0x00             # k % 8 + 1 blocks
BLOCKS4 = 0x30
SUBSECTION = 0x02        # k + 1 subsections
GIG = 0x03
SZ0 = 0x04
SZ1 = 0x14
WRAP = 0x05
UNALIGNED = 0x08         # blocks minus a subsection
# flags (gen_flags)
RAM, DEV, DEV_MOV, DEV_UNADDR, DEV_ALL, BAD_UNADDR = 0, 3, 4, 5, 6, 7
# zones (gen_zone)
AUTO, MOVABLE, NORMAL, DMA32, DMA, HIGHMEM, ZDEVICE, ZNONE = 0, 4, 6, 8, 9, 10, 11, 12


def add(addr=BOOT_END, size=BLOCK, flags=RAM, nid=0, plain=False, extra=None, bits=1):
    """add_memory_ex() (op 0) or add_memory() (op 3).  extra: the bytes after
    flags when bits has bit 0 (options, name, then pgprot if bit 3, group if
    bit 4, altmap if bit 5, compound size if bit 6)."""
    op = 3 if plain else 0
    if extra is None:
        return [op, 0, addr, size, nid, flags]
    return [op, bits, addr, size, nid, flags] + extra


def remove(which=0):
    return [4, which << 2]


def remove_raw(addr, size, flags):
    return [4, 3, addr, size, flags]


def online(zone=AUTO, which=0, block=None):
    if block is None:
        return [6, which << 2, zone]
    return [6, which << 2 | 1, block, zone]


def offline(which=0):
    return [8, which << 2]


def resource(add_it, name, addr, size, flagidx=1, desc=0):
    how = (1 if add_it else 0) | flagidx << 1 | desc << 4
    return [10, how, name, 2, addr, size]


def option(i):
    return [11, i]


def unmovable(on=1, which=0, at=0):
    return [12, which << 1 | on, at]


def group(nid=0, dynamic=0, blocks=2):
    return [13, 1 | 2 | dynamic << 2, nid, blocks - 1]


def query(how, addr=BOOT_END, *rest):
    return [14, how, addr] + list(rest)


def seed(arch, own=None, generic=0, generic2=None):
    o = 0x80 | own if own is not None else 0
    g = generic if generic2 is None else 0xc0 | generic2 << 4 | generic
    return [ARCHES.index(arch), o, g]


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "api")
    os.makedirs(out, exist_ok=True)
    for f in os.listdir(out):
        if f.startswith("seed-"):
            os.unlink(os.path.join(out, f))
    files = {}
    ram_life = (add() + online(MOVABLE) + query(0, RANGE) + offline() + remove() +
                add(size=BLOCKS4) + online(AUTO) + unmovable() + offline() + unmovable(0) +
                offline() + remove())
    dev_life = (add(flags=DEV, size=GIG) + add(BOOT_END | 0x80, SUBSECTION | 0x30, DEV_UNADDR) +
                query(7, RANGE) + remove(0) + remove(0) + add(flags=DEV_MOV, size=SUBSECTION))
    for arch in ARCHES:
        files[f"seed-{arch}-ram"] = seed(arch) + ram_life
        files[f"seed-{arch}-device"] = seed(arch) + dev_life
    # options of the backends, with a RAM add and online
    files["seed-x86_64-levels5"] = seed("x86_64", 2, 2) + add(size=BLOCKS4) + online(NORMAL)
    files["seed-x86_64-6.1-memmap"] = seed("x86_64", 0, 2) + add() + online() + remove()
    files["seed-x86_64-force-online"] = seed("x86_64", 1, 3, 4) + add(size=BLOCKS4) + remove()
    files["seed-x86_64-nodes"] = seed("x86_64", 6) + add(nid=1) + add(nid=1) + online(which=1)
    files["seed-x86_64-nopse"] = seed("x86_64", 4) + add(size=GIG) + add(flags=DEV, size=GIG)
    files["seed-x86_32-highmem"] = seed("x86_32") + add(flags=RAM) + online(HIGHMEM) + query(7, RANGE)
    files["seed-x86_32-nopae"] = seed("x86_32", 0) + add() + online(NORMAL)
    files["seed-powerpc-256m"] = seed("powerpc", 0, 4) + add(size=BLOCKS4) + remove()
    files["seed-s390-edat0"] = seed("s390", 0) + add() + online() + offline() + remove()
    files["seed-ia64-64k"] = seed("ia64", 1) + add() + add(flags=DEV)
    files["seed-arm64-rodata0"] = seed("arm64", 0) + add(size=GIG) + online() + query(3, RANGE)
    files["seed-arm64-image"] = seed("arm64", 4, 5) + add() + add(flags=DEV_MOV)
    files["seed-riscv64-sv39"] = seed("riscv64", 0, 2) + add() + online() + offline() + remove()
    files["seed-riscv64-sv48-online"] = seed("riscv64", 1, 4) + add(size=BLOCKS4)
    # the edges: unaligned, overflowing, zero, the top of phys space
    files["seed-x86_64-edges"] = (seed("x86_64") + add(size=UNALIGNED) + add(OVERFLOW, BLOCK) +
                                  add(size=SZ0) + add(size=SZ1) + add(BOOT_END, WRAP) +
                                  add(TOP, BLOCK) + add(flags=BAD_UNADDR) +
                                  remove_raw(BOOT_END, BLOCK, RAM) + remove_raw(0x10, 0x0f, DEV_UNADDR))
    files["seed-arm64-edges"] = (seed("arm64") + add(ZERO, BLOCK) + add(TOP, BLOCK, DEV_UNADDR) +
                                 add(OVERFLOW, WRAP, DEV))
    # add_memory_ex with its parameters: groups, names, altmap, compound pages
    files["seed-x86_64-group"] = (seed("x86_64", None, 8) + group(blocks=4) +
                                  add(size=0x10, extra=[0, 0, 0], bits=0x11) + online())
    files["seed-x86_64-driver"] = (seed("x86_64", None, 4) +
                                   add(extra=[8, 4]) + add(FREE | 0x10, extra=[8, 5]) +
                                   remove() + add(extra=[7, 0]))
    # altmap: reserve 2 pages, free what the memmap needs plus 512
    files["seed-x86_64-altmap"] = (seed("x86_64") + add(flags=DEV, size=GIG, extra=[10, 0, 0x09],
                                                        bits=0x21) + remove())
    files["seed-x86_64-compound"] = (seed("x86_64") + add(flags=DEV, size=GIG, extra=[0, 0, 0],
                                                          bits=0x41) + remove())
    files["seed-x86_64-p2pdma"] = (seed("x86_64") + add(flags=DEV, size=SUBSECTION | 0x70,
                                                        extra=[0, 0, 2], bits=0x09) + remove())
    files["seed-x86_64-mom"] = seed("x86_64", None, 2) + add(extra=[5, 0]) + remove() + add(extra=[13, 0])
    # resources, options, queries, plans alone, groups
    files["seed-x86_64-resources"] = (seed("x86_64") + resource(True, 6, BOOT_END, BLOCK, 1, 4) +
                                      add(flags=DEV, extra=[10, 6]) + resource(False, 6, BOOT_END, BLOCK) +
                                      resource(True, 10, BOOT_END, BLOCK) + remove())
    files["seed-x86_64-options"] = (seed("x86_64") + option(4) + option(6) + add() +
                                    option(1) + add(FREE | 0x20) + option(11) + option(12) + option(17))
    files["seed-x86_64-queries"] = (seed("x86_64") + add() + query(0, RANGE) + query(1, RANGE, 1, 0) +
                                    query(2, RANGE) + query(3, RANGE) + query(0x83, RANGE) +
                                    query(4, ZERO, GIG) + query(5, ZERO, 0, BOOT_END, BLOCK, 0, 0) +
                                    query(6, RANGE, BLOCK, 0) + query(7, RANGE))
    files["seed-x86_64-groups"] = (seed("x86_64", None, 8) + group(0, 1, 4) + group(1, 0, 2) +
                                   [13, 0] + [13, 2])
    files["seed-s390-plans"] = seed("s390") + add() + query(6, RANGE, 0x30, 0) + remove_raw(RANGE, 0x30, RAM)
    for name, data in sorted(files.items()):
        with open(os.path.join(out, name), "wb") as f:
            f.write(bytes(data))
    print(f"{len(files)} files in {out}")


if __name__ == "__main__":
    main()
