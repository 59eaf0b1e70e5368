show zoneinfo --import numa-root
