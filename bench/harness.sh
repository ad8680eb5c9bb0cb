# bench/harness.sh — the workloads, their contenders and the two modes, shared
# by bench/run (make bench) and test/bench_smoke/run (sourced; needs bash 4).
#
# A workload is a directory bench/workloads/W<n> (see its README.md).  A
# contender is a (its role bench_api), b (bench_rls) or c (bench_floor).  A
# mode is "statement" (one statement per transaction; the API key is set for
# the session) or "postgrest" (BEGIN, PostgREST's set_config statement, the
# statement, COMMIT).  Statements are written in pgbench syntax; for checks
# they are turned into PREPARE/EXECUTE, which binds the values the way
# pgbench -M prepared does (untyped parameters, types inferred by the server).

BENCH_DIR=${BENCH_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
BENCH_CONTENDERS=(a b c)
BENCH_MODES_ALL=(statement postgrest)

# PostgREST's per-transaction statement (Query.hs, setPgLocals): search_path,
# role, JWT claims, method, path, headers (the project's key: the only
# deviation, a lookup instead of a literal), cookies.
BENCH_WRAPPER="SELECT set_config('search_path', :search_path, true), set_config('role', :role, true), set_config('request.jwt.claims', :claims, true), set_config('request.method', :method, true), set_config('request.path', :path, true), set_config('request.headers', (SELECT c.headers FROM bench.caller c WHERE c.p = :p), true), set_config('request.cookies', :cookies, true)"
# hasql-transaction's BEGIN for a read-only request (PostgREST: GET, HEAD, and POST of a STABLE function).
BENCH_BEGIN="BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY"
# Statement mode: the key of the session's project.
BENCH_SESSION="SELECT set_config('request.headers', c.headers, false) FROM bench.caller c WHERE c.p = :p"

bench_workloads() {
	local d
	for d in "$BENCH_DIR"/workloads/W*/; do basename "$d"; done | sort -V
}

# Load a workload's definition into TITLE, KIND, PROJECT, ROW, A_PATH, B_PATH,
# B_METHOD and the associative array VARS.
bench_load_workload() {
	TITLE= KIND= PROJECT= ROW=no A_PATH= B_PATH=/call_log B_METHOD=GET
	unset VARS
	declare -gA VARS=()
	# shellcheck disable=SC1090
	. "$BENCH_DIR/workloads/$1/workload"
	return 0
}

# The deep page of database $db (bench/setup.sql's bench.deep_page, W9 and
# W10): DEEP_DEPTH, DEEP_AFTER (get_page's cursor naming the row at that
# depth), DEEP_CREATED_AT and DEEP_ID (that row's sort values, as a PostgREST
# client has them); read once per database, empty when there is none.
DEEP_DB=
bench_deep_load() {
	[ "$DEEP_DB" != "${db:-}" ] || return 0
	local row
	row=$(psql -X -At -F '|' -d "$db" -c "SELECT depth, after, created_at, id FROM bench.deep_page" 2>/dev/null || true)
	IFS='|' read -r DEEP_DEPTH DEEP_AFTER DEEP_CREATED_AT DEEP_ID <<<"$row"
	DEEP_DB=${db:-}
}

bench_role() { case $1 in a) echo bench_api ;; b) echo bench_rls ;; c) echo bench_floor ;; esac; }

# The statement file of contender X of workload W in MODE.
bench_stmt_file() {
	local w=$1 x=$2 mode=$3
	if [ "$x" = a ] && [ "$mode" = postgrest ]; then
		echo "$BENCH_DIR/workloads/$w/a.rpc.sql"
	else
		echo "$BENCH_DIR/workloads/$w/$x.sql"
	fi
}

# A statement file without its comment lines and its final semicolon.
bench_stmt() {
	sed -e '/^[[:space:]]*--/d' "$1" | perl -0pe 's/;\s*\z//'
}

# The pgbench variables of contender X's wrapper in PostgREST mode.
bench_wrapper_vars() {
	local x=$1 role
	role=$(bench_role "$x")
	WVARS=([search_path]='"incoming_call_log"' [role]="$role" [claims]="{\"role\":\"$role\"}" [cookies]='{}')
	case $x in
		a) WVARS[method]=POST WVARS[path]=$A_PATH ;;
		b) WVARS[method]=$B_METHOD WVARS[path]=$B_PATH ;;
		c) WVARS[method]=GET WVARS[path]=$B_PATH ;;
	esac
}
declare -gA WVARS=()

# The check statement around STMT for contender shape (a_sql, a_rpc, b, c)
# and the workload's KIND: one row, "count|rows|md5" and the normalized rows.
bench_check_wrap() {
	local shape=$1 kind=$2 stmt=$3 n r ids=false inner
	[ "$kind" = csv ] && ids=true
	inner="SELECT * FROM ($stmt) AS y OFFSET 0"
	case $shape:$kind in
		a_sql:list) n='x.count' r='x.data::jsonb' ;;
		a_sql:item) n='CASE WHEN x.item IS NULL THEN 0 ELSE 1 END' r='jsonb_build_array(x.item::jsonb)' ;;
		a_sql:count) n='x.count' r="'[]'::jsonb" ;;
		a_sql:csv) n="bench.content_range_count(current_setting('response.headers', true))" r='bench.csv_rows(x.csv::text)' ;;
		a_sql:aggregate | a_sql:page) n='jsonb_array_length(x.data::jsonb)' r='x.data::jsonb' ;;
		a_rpc:list) n="(x.body::jsonb->>'count')::bigint" r="x.body::jsonb->'data'" ;;
		a_rpc:item) n="CASE WHEN x.body::jsonb = 'null'::jsonb THEN 0 ELSE 1 END" r='jsonb_build_array(x.body::jsonb)' ;;
		a_rpc:count) n="(x.body::jsonb->>'count')::bigint" r="'[]'::jsonb" ;;
		a_rpc:csv) n='bench.content_range_count(x.response_headers)' r='bench.csv_rows(x.body::text)' ;;
		a_rpc:aggregate | a_rpc:page) n="jsonb_array_length(x.body::jsonb->'data')" r="x.body::jsonb->'data'" ;;
		b:list) n='x.total_result_set' r='x.body::jsonb' ;;
		b:item) n='x.page_total' r="CASE WHEN x.body::jsonb = 'null'::jsonb THEN '[]'::jsonb ELSE jsonb_build_array(x.body::jsonb) END" ;;
		b:count) n='x.total_result_set' r="'[]'::jsonb" ;;
		b:csv) n='x.total_result_set' r='bench.csv_rows(x.body::text)' ;;
		b:aggregate | b:page) n='x.page_total' r='x.body::jsonb' ;;
		c:list | c:csv)
			inner="SELECT coalesce(jsonb_agg(to_jsonb(y) - 'count' - 'bench_rn' ORDER BY y.bench_rn) FILTER (WHERE y.\"_id\" IS NOT NULL), '[]') AS r, max(y.count) AS n FROM (SELECT z.*, row_number() OVER () AS bench_rn FROM ($stmt) AS z) AS y"
			n='x.n' r='x.r' ;;
		c:item | c:aggregate | c:page)
			inner="SELECT coalesce(jsonb_agg(to_jsonb(y) - 'bench_rn' ORDER BY y.bench_rn), '[]') AS r, count(*) AS n FROM (SELECT z.*, row_number() OVER () AS bench_rn FROM ($stmt) AS z) AS y"
			n='x.n' r='x.r' ;;
		c:count) n='x.count' r="'[]'::jsonb" ;;
		*) echo "bench_check_wrap: no check for $shape:$kind" >&2; return 1 ;;
	esac
	echo "SELECT bench.summary(($n)::bigint, $r, $ids), bench.norm_rows($r, $ids) FROM ($inner) AS x"
}

# SQL literal of a string.
bench_literal() { local s=${1//\'/\'\'}; printf "'%s'" "$s"; }

# Turn pgbench text (on stdin) into PREPARE NAME AS ... plus EXECUTE NAME(values)
# (on stdout, as two lines separated by a line "--EXECUTE--"), with values from
# VARS, WVARS and the scalars P and K.
bench_prepare() {
	local name=$1 sql names v out=()
	sql=$(cat)
	names=$(perl -0ne 'while (/(?<!:):([A-Za-z_][A-Za-z0-9_]*)/g) { print "$1\n" }' <<<"$sql")
	sql=$(perl -0pe 'my $n = 0; s/(?<!:):([A-Za-z_][A-Za-z0-9_]*)/"\$" . ++$n/ge' <<<"$sql")
	while read -r v; do
		[ -n "$v" ] || continue
		case $v in
			p) out+=("$(bench_literal "$P")") ;;
			k) out+=("$(bench_literal "$K")") ;;
			*)
				if [ -n "${VARS[$v]+set}" ]; then out+=("$(bench_literal "${VARS[$v]}")")
				elif [ -n "${WVARS[$v]+set}" ]; then out+=("$(bench_literal "${WVARS[$v]}")")
				else echo "bench: no value for :$v" >&2; return 1; fi ;;
		esac
	done <<<"$names"
	echo "PREPARE $name AS $sql;"
	echo "--EXECUTE--"
	if [ ${#out[@]} -eq 0 ]; then echo "EXECUTE $name"; else
		local IFS=,; echo "EXECUTE $name(${out[*]})"; fi
}

# The psql script that runs contender X of workload W once in MODE with
# project P and row K and prints the check row.  Runs as a superuser session:
# SET ROLE (statement mode) or the wrapper's set_config('role') (PostgREST
# mode) makes it the contender's role.
bench_check_script() {
	local w=$1 x=$2 mode=$3 shape stmt prep wrap
	shape=$x
	[ "$x" = a ] && { [ "$mode" = postgrest ] && shape=a_rpc || shape=a_sql; }
	bench_wrapper_vars "$x"
	stmt=$(bench_check_wrap "$shape" "$KIND" "$(bench_stmt "$(bench_stmt_file "$w" "$x" "$mode")")") || return 1
	prep=$(bench_prepare bench_check <<<"$stmt") || return 1
	echo '\set ON_ERROR_STOP on'
	echo 'SET client_min_messages = warning;'
	if [ "$mode" = statement ]; then
		echo "${BENCH_SESSION//:p/$P} \\g /dev/null"
		echo "SET ROLE $(bench_role "$x");"
		echo "${prep%%--EXECUTE--*}"
		echo "${prep##*--EXECUTE--};"
	else
		wrap=$(bench_prepare bench_wrap <<<"$BENCH_WRAPPER") || return 1
		echo "$BENCH_BEGIN;"
		echo "${wrap%%--EXECUTE--*}"
		echo "${wrap##*--EXECUTE--} \\g /dev/null"
		echo "${prep%%--EXECUTE--*}"
		echo "${prep##*--EXECUTE--};"
		echo "COMMIT;"
	fi
}

# The project and row the checks use for workload W: P, K.
bench_check_point() {
	if [ "$PROJECT" = large ]; then P=$BENCH_LARGE_P; else P=$BENCH_CHECK_P; fi
	K=$BENCH_CHECK_K
}

# Run the agreement check of every workload in every mode; prints TAP-like
# lines through the callbacks bench_ok / bench_not_ok (defined by the caller)
# and fills CHECK_STATUS[W.x.mode] with ok | missing | error | differs.
declare -gA CHECK_STATUS=() CHECK_DETAIL=() CHECK_REF=()
bench_check_all() {
	local db=$1 w x mode out summary ref ref_from first status err
	for w in $(bench_workloads); do
		bench_load_workload "$w"
		bench_check_point
		ref= ref_from=
		for mode in "${BENCH_MODES_ALL[@]}"; do
			for x in "${BENCH_CONTENDERS[@]}"; do
				err=$(mktemp)
				if out=$(bench_check_script "$w" "$x" "$mode" | psql -X -q -At -F $'\x01' -d "$db" 2>"$err"); then
					first=${out%%$'\n'*}
					summary=${first%%$'\x01'*}
					CHECK_DETAIL[$w.$x.$mode]=$summary
					if [ -z "$ref" ]; then
						ref=$summary ref_from="$x/$mode"
						printf '%s' "${out#*$'\x01'}" >"$BENCH_TMP/check.$w.ref"
					fi
					if [ "$summary" = "$ref" ]; then status=ok; else
						status=differs
						printf '%s' "${out#*$'\x01'}" >"$BENCH_TMP/check.$w.$x.$mode"
					fi
				else
					if grep -q 'does not exist' "$err"; then status=missing; else status=error; fi
					CHECK_DETAIL[$w.$x.$mode]=$(grep -m1 'ERROR' "$err" || head -1 "$err")
				fi
				rm -f "$err"
				CHECK_STATUS[$w.$x.$mode]=$status
				case $status in
					ok) bench_ok "$w ($x, $mode mode) answers as $ref_from: count|rows|md5 = $summary" ;;
					differs)
						bench_not_ok "$w ($x, $mode mode) answers as $ref_from: $summary, not $ref"
						diff "$BENCH_TMP/check.$w.ref" "$BENCH_TMP/check.$w.$x.$mode" | head -8 | sed 's/^/#   /' >&2 || true ;;
					missing) bench_missing "$w ($x, $mode mode): ${CHECK_DETAIL[$w.$x.$mode]}" ;;
					error) bench_not_ok "$w ($x, $mode mode) runs: ${CHECK_DETAIL[$w.$x.$mode]}" ;;
				esac
			done
		done
		# an answer that is empty proves nothing: the data must give every workload rows (or a count)
		case $KIND in
			count) [[ "$ref" =~ ^[1-9][0-9]*\|0\| ]] ;;
			*) [[ "$ref" =~ ^[1-9][0-9]*\|[1-9][0-9]*\| ]] ;;
		esac && bench_ok "$w's answer is not empty ($ref)" || bench_not_ok "$w's answer is not empty ($ref)"
		CHECK_REF[$w]=$ref
	done
	# W9 (by cursor) and W10 (by skip) are the same page: the same rows (the counts differ:
	# a page has none, W10 counts the project)
	if [ -n "${CHECK_REF[W9]:-}" ] && [ -n "${CHECK_REF[W10]:-}" ]; then
		if [ "${CHECK_REF[W9]#*|}" = "${CHECK_REF[W10]#*|}" ]; then
			bench_ok "W9's page by cursor is W10's page by skip (rows|md5 ${CHECK_REF[W9]#*|})"
		else
			bench_not_ok "W9's page by cursor is W10's page by skip: ${CHECK_REF[W9]#*|}, not ${CHECK_REF[W10]#*|}"
		fi
	fi
}

# Create database DB with the extension and the benchmark's data and roles.
bench_prepare_db() {
	local db=$1 projects=$2 logs=$3 large=$4 tiny=$5
	psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
	psql -X -q -d "$db" -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" -c "CREATE EXTENSION incoming_call_log" >/dev/null
	psql -X -q -d "$db" -v ON_ERROR_STOP=1 -v projects="$projects" -v logs="$logs" -v large_logs="$large" \
		-v tiny_logs="$tiny" -f "$BENCH_DIR/data.sql" >/dev/null
	psql -X -q -d "$db" -v ON_ERROR_STOP=1 -f "$BENCH_DIR/setup.sql" >/dev/null
	case ${BENCH_B_POLICIES:-pgrst} in
		installed) ;;
		pgrst | readers)
			psql -X -q -d "$db" -v ON_ERROR_STOP=1 -v policies="${BENCH_B_POLICIES:-pgrst}" \
				-f "$BENCH_DIR/contender_b.sql" >/dev/null ;;
		*) echo "bench: BENCH_B_POLICIES is pgrst, readers or installed" >&2; return 1 ;;
	esac
}
