#!/usr/bin/env bash
# Fuzzes one of Tend's input parsers with AFL++ and SharpFuzz: the long run of issue 9, by hand,
# not part of CI (the FsCheck properties in tests/Tend.UnitTests/Properties are the CI version).
#
#   scripts/fuzz.sh TARGET [SECONDS]        (default 300 s)
#   TARGET: tend-yaml supervisord-ini supervisord-include execline crontab number-file xmlrpc http runit yaml-quoting
#
# Needs: the .NET SDK of global.json; Debian's afl++ (`apt-get install afl++`); the SharpFuzz
# instrumenter, a dotnet tool (`dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0`,
# done here when missing). Uses one core.
#
# It publishes tests/Tend.Fuzz (a plain, JIT-compiled console app) into fuzz-out/bin, lets
# SharpFuzz instrument the parser assemblies there, and runs afl-fuzz on the seed corpus
# tests/fuzz-corpus/TARGET with its findings in fuzz-out/TARGET. Then it prints AFL++'s figures,
# replays every crash to show its exception, and copies the small new inputs that found new
# coverage into the seed corpus (under 4 KiB each; the corpus stays under 200 files and 1 MB;
# FUZZ_KEEP_CORPUS=0 turns that off). Replay any input by hand with
#   dotnet fuzz-out/bin/Tend.Fuzz.dll TARGET --replay FILE_OR_DIR
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:?usage: scripts/fuzz.sh TARGET [SECONDS]}
seconds=${2:-300}
corpus=tests/fuzz-corpus/$target
[ -d "$corpus" ] || { echo "no seed corpus $corpus" >&2; exit 2; }
command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: apt-get install afl++" >&2; exit 2; }
export PATH="$PATH:$HOME/.dotnet/tools"
command -v sharpfuzz >/dev/null || dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0 >/dev/null

bin=fuzz-out/bin
out=fuzz-out/$target
# Built afresh each time (FUZZ_NO_BUILD=1 reuses the last build, to run the targets one after
# another): SharpFuzz rewrites the dlls in place and refuses to instrument twice.
if [ "${FUZZ_NO_BUILD:-0}" != 1 ] || [ ! -f "$bin/Tend.Fuzz.dll" ]; then
  rm -rf "$bin"
  dotnet publish tests/Tend.Fuzz -c Release -o "$bin" -v quiet -nologo
  for assembly in Tend.Model Tend.Config Tend.Scheduling Tend.Control Tend.Http Tend.Supervisord Tend.Runit YamlDotNet Cronos; do
    if [ -f "$bin/$assembly.dll" ]; then sharpfuzz "$bin/$assembly.dll" >/dev/null; fi
  done
fi

rm -rf "$out"
# dotnet is not an AFL-compiled binary (the instrumented IL reports coverage itself), so the
# binary check is off; the JIT needs time to start the fork server; no CPU pinning on a shared machine.
AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_FORKSRV_INIT_TMOUT=60000 \
AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
  afl-fuzz -i "$corpus" -o "$out" -V "$seconds" -t 5000 -m none -- dotnet "$bin/Tend.Fuzz.dll" "$target" >"$out.log" 2>&1 \
  || { tail -40 "$out.log" >&2; exit 1; }

stats=$out/default/fuzzer_stats
stat() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
echo "$target: $(stat run_time) s, $(stat execs_done) executions ($(stat execs_per_sec)/s), corpus $(stat corpus_count)" \
  "(found $(stat corpus_found)), edges $(stat edges_found) of map ($(stat bitmap_cvg)), crashes $(stat saved_crashes), hangs $(stat saved_hangs)"

crashes=$(find "$out/default/crashes" "$out/default/hangs" -type f -name 'id:*' 2>/dev/null | wc -l)
if [ "$crashes" -gt 0 ]; then
  echo "replaying crashes and hangs:"
  find "$out/default/crashes" "$out/default/hangs" -type f -name 'id:*' -print0 | xargs -0 dotnet "$bin/Tend.Fuzz.dll" "$target" --replay || true
fi

if [ "${FUZZ_KEEP_CORPUS:-1}" = 1 ]; then
  kept=0
  while read -r size file; do
    files=$(find "$corpus" -type f | wc -l)
    bytes=$(du -sb "$corpus" | cut -f1)
    [ "$files" -lt 200 ] && [ $((bytes + size)) -lt 1000000 ] || break
    name=afl-$(sha1sum "$file" | cut -c1-12)
    [ -e "$corpus/$name" ] || { cp "$file" "$corpus/$name"; kept=$((kept + 1)); }
  done < <(find "$out/default/queue" -maxdepth 1 -type f -name 'id:*+cov*' -size -4k -printf '%s %p\n' | sort -n)
  echo "kept $kept new inputs in $corpus ($(find "$corpus" -type f | wc -l) files)"
fi
