# The C program of a manual page: the blocks (.EX/.EE or .nf/.fi) of its
# EXAMPLES section that hold an #include, with the roff escapes undone.
/^\.SH / { in_ex = ($2 == "EXAMPLES") }
in_ex && /^\.(EX|nf)/ { block = ""; collecting = 1; next }
in_ex && /^\.(EE|fi)/ { if (block ~ /#include/) printf "%s", block; collecting = 0; next }
collecting {
	line = $0
	gsub(/\\e/, "\\", line); gsub(/\\-/, "-", line); gsub(/\\\(aq/, "'", line)
	gsub(/\\\(dq/, "\"", line); gsub(/\\&/, "", line); gsub(/\\\(ti/, "~", line)
	gsub(/\\\(ha/, "^", line)
	block = block line "\n"
}
