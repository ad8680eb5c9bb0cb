# bin/lib.sh — helpers shared by bin/setup, bin/demo and bin/test (sourced).

die() { echo "${0##*/}: $*" >&2; exit 1; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# The PostgreSQL major to use: the argument, else $PG_MAJOR, else the major
# Debian's "postgresql" package depends on in this release.
pg_major() {
	local major=${1:-${PG_MAJOR:-}}
	if [ -z "$major" ]; then
		major=$(debian_default_major)
		if [ -z "$major" ]; then
			as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
			major=$(debian_default_major)
		fi
	fi
	[[ "$major" =~ ^[0-9]+$ ]] || die "not a PostgreSQL major: '$major'"
	echo "$major"
}

debian_default_major() {
	apt-cache depends postgresql 2>/dev/null | sed -n 's/^ *Depends: postgresql-\([0-9][0-9]*\)$/\1/p' | head -1
}

# apt-get install the packages that are not installed yet, showing apt's own
# progress (on stderr, so that a caller's stdout stays its own).
install_packages() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "${0##*/}: installing ${missing[*]}" >&2
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update >&2
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2
}
