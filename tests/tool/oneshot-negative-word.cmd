expect error -EINVAL add 0x100000000 64M ram
