translate 0x100000 -J -a x86_64 -o levels=5
