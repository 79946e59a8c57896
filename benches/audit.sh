#!/usr/bin/env bash
# Whole-process figures of `iamself-tui audit` on a seeded 10,000-user account dump (product spec
# §8: median ≤ 1 s, peak RSS ≤ 4× the file size), and how the time splits between reading the
# dump and judging the users. Usage: bash benches/audit.sh [runs] [users] [seed]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
users=${2:-10000}
seed=${3:-7}
cargo build --release --quiet
bin=target/release/iamself-tui
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo bench --quiet --bench gen_dump -- --users "$users" --seed "$seed" --out "$work/account.json" > /dev/null
size=$(stat -c %s "$work/account.json")
first=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["UserDetailList"][0]["UserName"])' "$work/account.json")
echo "dump: $users users, seed $seed, $(awk -v s="$size" 'BEGIN {printf "%.1f MB", s/1048576}')"

# Prints "best median" wall milliseconds of a command over $runs runs (exit 1 is expected:
# some generated users have error findings).
wall() {
    local times=()
    for _ in $(seq "$runs"); do
        local start end
        start=$(date +%s%N)
        "$@" > /dev/null || [ $? -eq 1 ]
        end=$(date +%s%N)
        times+=($(( (end - start) / 1000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "best %.0f ms, median %.0f ms\n", a[1]/1000, a[int((NR+1)/2)]/1000}'
}

peak_rss() {
    /usr/bin/time -o "$work/rss" -f '%M' "$@" > /dev/null 2>&1 || true
    # The last line: /usr/bin/time also notes a non-zero exit status in the file.
    tail -n 1 "$work/rss" | awk -v s="$size" '{printf "%.1f MB (%.1fx the file)\n", $1/1024, $1*1024/s}'
}

echo "audit (text), whole process:        $(wall "$bin" audit "$work/account.json")"
echo "audit --format json, whole process: $(wall "$bin" audit "$work/account.json" --format json)"
echo "  parse only (audit --user of one): $(wall "$bin" audit "$work/account.json" --user "$first")"
if [ -x /usr/bin/time ]; then
    echo "audit (text) peak RSS:              $(peak_rss "$bin" audit "$work/account.json")"
    echo "audit --format json peak RSS:       $(peak_rss "$bin" audit "$work/account.json" --format json)"
fi
echo "  CPU time of one audit (user+sys): $( { /usr/bin/time -f '%U+%S s' "$bin" audit "$work/account.json" > /dev/null; } 2>&1 | tail -n 1)"
echo "load average while measuring:       $(cut -d' ' -f1-3 /proc/loadavg)"
