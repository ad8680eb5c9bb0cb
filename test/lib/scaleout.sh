# test/lib/scaleout.sh — shared by the scale-out checks (test/pgbouncer/run,
# test/pgpool/run, test/plproxy/run); sourced, never run.  TAP output, a
# private work directory, free TCP ports, throwaway clusters on Unix sockets,
# and one cleanup that stops everything the check started, in reverse order.
#
# Servers (PostgreSQL, pgbouncer, pgpool) run as the postgres user when the
# check runs as root (CI does), as the caller otherwise.

bindir=$("${PG_CONFIG:-pg_config}" --bindir)
python=/usr/bin/python3          # Debian's, with psycopg2 (pyenv's has none)
lib_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# --- TAP -------------------------------------------------------------------
tap_n=0 tap_failed=0
ok() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1"; }
not_ok() { tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1)); echo "not ok $tap_n - $1"; }
diag() { sed 's/^/# /'; }
# tap_check DESCRIPTION COMMAND...: ok when the command succeeds.
tap_check() { local d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }
# tap_eq DESCRIPTION GOT WANT
tap_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1"; printf 'got:  %s\nwant: %s\n' "$2" "$3" | diag; fi
}
# tap_lines FILE: number the "ok - …" / "not ok - …" / "# …" lines a client
# script wrote (it cannot know our counter), pass the rest on as diagnostics.
tap_lines() {
	local line
	while IFS= read -r line; do
		case "$line" in
			"ok - "*) ok "${line#ok - }" ;;
			"not ok - "*) not_ok "${line#not ok - }" ;;
			"#"*) echo "$line" ;;
			*) echo "# $line" ;;
		esac
	done <"$1"
}
tap_done() { echo "1..$tap_n"; [ "$tap_failed" -eq 0 ] && [ "$tap_n" -gt 0 ]; }

# --- processes and cleanup ---------------------------------------------------
is_root() { [ "$(id -u)" -eq 0 ]; }
as_server_user() { if is_root; then runuser -u postgres -- "$@"; else "$@"; fi; }

cleanup_steps=()
# at_exit 'shell command': run at exit, last registered first.
at_exit() { cleanup_steps+=("$1"); }
run_cleanup() {
	local i
	for ((i = ${#cleanup_steps[@]} - 1; i >= 0; i--)); do
		eval "${cleanup_steps[i]}" >/dev/null 2>&1 || true
	done
	[ -n "${work:-}" ] && rm -rf "$work"
}
trap run_cleanup EXIT
trap 'exit 130' INT TERM

work=$(mktemp -d)
chmod 755 "$work"
is_root && chown postgres "$work"

# A TCP port on 127.0.0.1 nobody listens on now (the kernel picks it).
free_port() {
	"$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_for SECONDS COMMAND...: retry every 0.1 s until the command succeeds.
wait_for() {
	local tries=$(($1 * 10)) i
	shift
	for ((i = 0; i < tries; i++)); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}

# stop_pidfile FILE: stop the process whose pid the file holds (SIGTERM,
# then SIGKILL after 10 s).  Only that pid: never a name.
stop_pidfile() {
	local pid
	pid=$(head -1 "$1" 2>/dev/null) || return 0
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null || return 0
	wait_for 10 bash -c "! kill -0 $pid" || kill -KILL "$pid" 2>/dev/null || true
}

# --- throwaway clusters --------------------------------------------------------
# Each cluster NAME lives in $work/NAME, listens only on the Unix socket
# directory $work/NAME.sock (port PORT, a name there, not a TCP port), trusts
# local connections, and is called "NAME" (cluster_name), so a query can tell
# which server answered with current_setting('cluster_name').
sock() { echo "$work/$1.sock"; }

# new_cluster NAME PORT [extra postgresql.conf lines]
new_cluster() {
	local name=$1 port=$2 extra=${3:-}
	mkdir -p "$(sock "$name")"
	is_root && chown postgres "$(sock "$name")"
	as_server_user "$bindir/initdb" -D "$work/$name" -U postgres -A trust -E UTF8 --locale=C -N >"$work/$name.initdb.log" 2>&1 ||
		{ diag <"$work/$name.initdb.log"; return 1; }
	write_conf "$name" "$port" "$extra"
}

# write_conf NAME PORT [extra lines]: the configuration every cluster here gets
write_conf() {
	local name=$1 port=$2 extra=${3:-}
	cat >"$work/$name/postgresql.conf" <<CONF
port = $port
listen_addresses = ''
unix_socket_directories = '$(sock "$name")'
cluster_name = '$name'
max_connections = 60
shared_buffers = 16MB
fsync = off
full_page_writes = off
hot_standby = on
log_min_messages = warning
log_line_prefix = '%m [%p] %u@%d '
$extra
CONF
	printf 'local all all trust\nlocal replication all trust\n' >"$work/$name/pg_hba.conf"
	: >"$work/$name/pg_ident.conf"
	is_root && chown postgres "$work/$name/postgresql.conf" "$work/$name/pg_hba.conf" "$work/$name/pg_ident.conf"
	chmod 700 "$work/$name"
}

# start_cluster NAME: start it and stop it at exit
start_cluster() {
	local name=$1
	at_exit "as_server_user '$bindir/pg_ctl' -D '$work/$name' -m immediate -w stop"
	if ! as_server_user "$bindir/pg_ctl" -D "$work/$name" -l "$work/$name.log" -w -t 60 start >/dev/null; then
		diag <"$work/$name.log"
		return 1
	fi
}

# standby_of PRIMARY NAME PORT: a streaming hot standby made with pg_basebackup -R
standby_of() {
	local primary=$1 name=$2 port=$3
	mkdir -p "$(sock "$name")"
	is_root && chown postgres "$(sock "$name")"
	as_server_user "$bindir/pg_basebackup" -h "$(sock "$primary")" -p "$(port_of "$primary")" -U postgres \
		-D "$work/$name" -R -X stream -c fast >"$work/$name.basebackup.log" 2>&1 ||
		{ diag <"$work/$name.basebackup.log"; return 1; }
	write_conf "$name" "$port"
}

port_of() { sed -n "s/^port = //p" "$work/$1/postgresql.conf"; }

# on NAME [psql args]: psql as postgres on cluster NAME, quiet, no psqlrc
on() {
	local name=$1
	shift
	PGOPTIONS='-c client_min_messages=warning' "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$(sock "$name")" -p "$(port_of "$name")" -U postgres "$@"
}
