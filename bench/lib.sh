# bench/lib.sh — shared by bench/run and test/bench_smoke/run (sourced).
#
# A throwaway PostgreSQL cluster of our own: initdb into a private directory,
# listening only on a Unix socket in that directory (no TCP port, so nothing
# collides with other clusters on the machine), started as the postgres user
# when we are root, stopped and deleted by bench_cluster_stop (call it from a
# trap).  After bench_cluster_start, PGHOST/PGPORT/PGUSER/PGDATABASE point at
# its superuser "postgres".

bench_say() { echo "bench: $*" >&2; }
bench_die() { echo "bench: $*" >&2; exit 1; }

bench_as_server_user() {
	if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# bench_cluster_start BINDIR [extra postgresql.conf lines...]
bench_cluster_start() {
	local bindir=$1; shift
	BENCH_BINDIR=$bindir
	BENCH_WORK=$(mktemp -d "${TMPDIR:-/tmp}/icl-bench.XXXXXX")
	chmod 755 "$BENCH_WORK"
	[ "$(id -u)" -ne 0 ] || chown postgres "$BENCH_WORK"
	# any port will do: the socket lives in our private directory
	BENCH_PORT=$((20000 + RANDOM % 30000))
	bench_as_server_user "$bindir/initdb" -D "$BENCH_WORK/data" -U postgres -A trust -E UTF8 \
		--locale=C --no-sync >"$BENCH_WORK/initdb.log" 2>&1 \
		|| { cat "$BENCH_WORK/initdb.log" >&2; bench_die "initdb failed"; }
	{
		echo "port = $BENCH_PORT"
		echo "listen_addresses = ''"
		echo "unix_socket_directories = '$BENCH_WORK'"
		echo "max_connections = 40"
		for line in "$@"; do echo "$line"; done
	} >>"$BENCH_WORK/data/postgresql.conf"
	if ! bench_as_server_user "$bindir/pg_ctl" -D "$BENCH_WORK/data" -l "$BENCH_WORK/server.log" -w -t 120 start >/dev/null; then
		tail -20 "$BENCH_WORK/server.log" >&2
		bench_die "the benchmark cluster did not start"
	fi
	export PGHOST=$BENCH_WORK PGPORT=$BENCH_PORT PGUSER=postgres PGDATABASE=postgres
	unset PGPASSWORD PGSERVICE PGOPTIONS
}

bench_cluster_stop() {
	[ -n "${BENCH_WORK:-}" ] || return 0
	if [ -d "$BENCH_WORK/data" ]; then
		bench_as_server_user "$BENCH_BINDIR/pg_ctl" -D "$BENCH_WORK/data" -m immediate stop >/dev/null 2>&1 || true
	fi
	if [ "${BENCH_KEEP:-0}" = 1 ]; then
		bench_say "kept $BENCH_WORK (BENCH_KEEP=1)"
	else
		rm -rf "$BENCH_WORK"
	fi
	BENCH_WORK=
}

# The bin directory of PostgreSQL MAJOR (Debian layout), or of pg_config.
bench_bindir() {
	local major=$1
	if [ -n "$major" ] && [ -x "/usr/lib/postgresql/$major/bin/initdb" ]; then
		echo "/usr/lib/postgresql/$major/bin"
	else
		"${PG_CONFIG:-pg_config}" --bindir
	fi
}
