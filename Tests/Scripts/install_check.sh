#!/usr/bin/env bash
# `make install-check` (CI runs it): installs into a temporary prefix and checks what an
# operator gets: the binary runs without the Swift toolchain's libraries and needs exactly the
# Debian runtime packages the README names (RUNTIME_PACKAGES), the man pages, the completions,
# the example configs, and systemd units that systemd-analyze verifies and rates as hardened.
set -euo pipefail
cd "$(dirname "$0")/../.."
prefix=$(mktemp -d)/usr
trap 'rm -rf "$(dirname "$prefix")"' EXIT
make --no-print-directory install PREFIX="$prefix" >/dev/null
fail() { echo "install-check: $*" >&2; exit 1; }

bin="$prefix/bin/newsingest"
[ -x "$bin" ] || fail "no binary at $bin"
version=$(env -i PATH=/usr/bin:/bin "$bin" --version)
[ "$version" = "newsingest $(sed -n 's/.*current = "\(.*\)".*/\1/p' Sources/NewsIngest/Operations/Version.swift)" ] ||
  fail "--version printed '$version'"

# No library of the Swift toolchain: Foundation, Dispatch and the runtime are linked in.
needed=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
if echo "$needed" | grep -Ei 'swift|Foundation|dispatch|BlocksRuntime'; then fail "needs the Swift toolchain's libraries"; fi
packages=$(for lib in $needed; do
  path=$(ldconfig -p | awk -v l="$lib" '$1 == l { print $NF; exit }')
  [ -n "$path" ] || fail "$lib is not on this machine"
  dpkg -S "*/$(basename "$(readlink -f "$path")")" | cut -d: -f1 | head -1
done | sort -u | tr '\n' ' ')
expected=$(echo "$RUNTIME_PACKAGES" | tr ' ' '\n' | grep . | sort -u | tr '\n' ' ')
[ "$packages" = "$expected" ] || fail "the binary needs [$packages], the README names [$expected]"

for page in newsingest.1 newsingest.run.1 newsingest.stats.1 newsingest.spool.export.1; do
  grep -q '^\.Dt' "$prefix/share/man/man1/$page" || fail "no man page $page"
done
bash -c "source '$prefix/share/bash-completion/completions/newsingest' && complete -p newsingest" >/dev/null ||
  fail "the bash completion does not load"
grep -q newsingest "$prefix/share/zsh/site-functions/_newsingest" || fail "no zsh completion"
grep -q "complete -c 'newsingest'" "$prefix/share/fish/vendor_completions.d/newsingest.fish" || fail "no fish completion"
for example in newsingest.toml sources.example.toml; do
  [ -s "$prefix/share/doc/newsingest/examples/$example" ] || fail "no example $example"
done
"$bin" config defaults | cmp -s - "$prefix/share/doc/newsingest/examples/newsingest.toml" ||
  fail "the example configuration is not the defaults"

units="$prefix/lib/systemd/system"
! grep -l '@BINDIR@' "$units"/* || fail "a unit still holds @BINDIR@"
grep -q "^ExecStart=$prefix/bin/newsingest run " "$units/newsingest.service" || fail "ExecStart is not the installed binary"
[ -s "$prefix/lib/sysusers.d/newsingest.conf" ] || fail "no sysusers.d entry"
if command -v systemd-analyze >/dev/null; then
  (cd "$units" && SYSTEMD_LOG_LEVEL=warning systemd-analyze verify --man=no \
    newsingest.service newsingest.timer newsingest-deliver.service newsingest-deliver.timer \
    newsingest-shard@0.service newsingest-shard@0.timer) ||
    fail "systemd-analyze verify rejects the units"
  for unit in newsingest.service newsingest-deliver.service newsingest-shard@.service; do
    # Exposure on systemd's 0-10 scale, times ten: 2.0 at most ("OK").
    systemd-analyze security --offline=yes --threshold=20 "$units/$unit" >/dev/null ||
      fail "$unit is exposed above 2.0: $(systemd-analyze security --offline=yes "$units/$unit" | tail -1)"
  done
else
  echo "install-check: systemd-analyze not installed; units not verified" >&2
fi
echo "install-check: ok ($prefix: binary $(du -m "$bin" | cut -f1) MiB, runtime packages: $packages)"
