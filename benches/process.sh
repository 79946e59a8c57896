#!/usr/bin/env bash
# Whole-process figures of product spec §8 that criterion cannot take: `simulate --requests` with
# 10,000 lines and `generate` (wall time, best and median of N runs; peak RSS), and the size of
# the stripped release binary; the floor of `simulate` (the file read and every line read and
# checked on one core, nothing decided: benches/simulate_floor.rs); and whether a second thread
# pays on this machine at that scale (benches/two_cores.rs). Usage:
# bash benches/process.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-50}
cargo build --release --quiet
# The executable of a bench target, built.
bench_executable() {
    cargo bench --bench "$1" --no-run --message-format=json 2>/dev/null |
        grep "\"name\":\"$1\"" | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -n 1
}
floor=$(bench_executable simulate_floor)
two_cores=$(bench_executable two_cores)
bin=target/release/iamself-tui
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bin" generate > "$work/policy.json"
actions=(iam:ChangePassword iam:CreateAccessKey iam:ListVirtualMFADevices iam:EnableMFADevice
         iam:AttachUserPolicy iam:UploadSSHPublicKey iam:DeactivateMFADevice s3:ListAllMyBuckets)
mfa=(true false null)
for i in $(seq 0 9999); do
    user=alice; [ $((i % 5)) -eq 0 ] && user=bob
    printf '{"action":"%s","resource":"arn:aws:iam::123456789012:user/%s","username":"alice","account":"123456789012","mfa":%s}\n' \
        "${actions[$((i % 8))]}" "$user" "${mfa[$((i % 3))]}"
done > "$work/requests.jsonl"

# Prints "best median" wall milliseconds of a command over $runs runs.
wall() {
    local times=()
    for _ in $(seq "$runs"); do
        # $EPOCHREALTIME is read without starting a process (`date` would add ~1.5 ms).
        local start end
        start=${EPOCHREALTIME/./}
        "$@" > /dev/null
        end=${EPOCHREALTIME/./}
        times+=($(( end - start )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "best %.2f ms, median %.2f ms\n", a[1]/1000, a[int((NR+1)/2)]/1000}'
}

peak_rss() {
    /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {printf "%.1f MB\n", $2/1024}'
}

echo "simulate --requests (10,000 lines): $(wall "$bin" simulate --policy "$work/policy.json" --requests "$work/requests.jsonl")"
echo "  its floor (read + check, one core): $(wall "$floor" "$work/requests.jsonl")"
echo "generate:                           $(wall "$bin" generate)"
echo "  for scale, --version (start-up only): $(wall "$bin" --version)"
if [ -x /usr/bin/time ]; then
    echo "generate peak RSS:                  $(peak_rss "$bin" generate)"
    echo "simulate peak RSS:                  $(peak_rss "$bin" simulate --policy "$work/policy.json" --requests "$work/requests.jsonl")"
else
    echo "peak RSS: /usr/bin/time not installed (apt-get install time)"
fi
echo "stripped release binary:            $(stat -c %s "$bin" | awk '{printf "%.2f MB\n", $1/1048576}')"
echo "one thread against two (benches/two_cores.rs):"
"$two_cores" | sed 's/^/  /'
