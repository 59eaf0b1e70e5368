echo -- --json -b
