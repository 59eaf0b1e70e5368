plan add 0x100000000 64M ram --plan-ok
