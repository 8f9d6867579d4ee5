#!/usr/bin/env bash
# Measures bowout against its speed and size targets, on this machine, in one
# run, and prints a table with the targets beside the figures. Exits 1 when a
# target is missed. Timing lives here, not in the test suite.
#
#   scripts/bench.sh            # 300 runs of each command
#   RUNS=1000 scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-300}

if [ ! -x /usr/bin/time ]; then
  echo "installing GNU time for the memory figure" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
fi

echo "building (release)..." >&2
cargo build --release --locked -q
bin=target/release/bowout
answers=tests/fixtures/cancel-illness/answers.toml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TZ=UTC XDG_CONFIG_HOME="$work/config" XDG_STATE_HOME="$work/state"
render=("$bin" --no-input --answers "$answers" --now "2026-11-26 09:00" --print)

# 1. Whole process: median wall time of a render against /bin/true, the two
#    interleaved so that both see the same machine.
ratio=$(python3 - "$RUNS" "${render[@]}" <<'PY'
import os, statistics, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
null = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)]
def once(argv):
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=null)
    _, status = os.waitpid(pid, 0)
    if status != 0:
        sys.exit(f"{argv[0]} failed")
    return time.perf_counter() - start
for _ in range(20):  # warm the caches
    once(cmd); once(["/bin/true"])
b, t = [], []
for _ in range(runs):
    b.append(once(cmd)); t.append(once(["/bin/true"]))
mb, mt = statistics.median(b), statistics.median(t)
print(f"{mb*1e3:.3f} {mt*1e3:.3f} {mb/mt:.2f}")
PY
)
read -r render_ms true_ms times <<<"$ratio"

# 2. render() alone, with divan: cold (a new registry, as each run of bowout
#    compiles its templates) and warm (templates already compiled).
echo "building and running benches/render.rs..." >&2
divan=$(cargo bench --locked -q --bench render 2>/dev/null)
median() { awk -v name="$1" '$0 ~ name { for (i = 1; i <= NF; i++) if ($i == "│") n++; split($0, c, "│"); print c[3]; exit }' <<<"$divan" | xargs; }
cold=$(median render_cold)
warm=$(median render_warm)

# 3. Peak resident memory of a render: the highest of 21 runs, since the
#    kernel maps the binary in chunks and the figure wobbles from run to run.
rss_kib=$(for _ in $(seq 21); do { /usr/bin/time -f '%M' "${render[@]}" >/dev/null; } 2>&1 | tail -n1; done | sort -n | tail -n1)

# 4. Size of the release binary.
size=$(stat -c %s "$bin")

# 5. Batch: rows to a folder of .eml files (on tmpfs where there is one, so
#    that the figure is bowout's and not the disk's; the same folder on the
#    disk is shown beside it), rows to JSON lines, and peak memory for 1,000,
#    10,000 and 100,000 rows, which must not grow with the rows.
python3 - "$work" <<'PY'
import sys
for n in (1000, 10000, 100000):
    with open(f"{sys.argv[1]}/rows{n}.csv", "w") as f:
        f.write("recipient,recipient_email,interview_at\n")
        for i in range(n):
            f.write(f"Candidate {i},c{i}@example.com,2026-12-{1 + i % 28:02d} {9 + i % 8}:00\n")
PY
shared=(--now "2026-11-29 12:00" --set situation=withdraw-invitation --set reason=position-filled
  --set company=Acme --set position="Data Analyst" --set sender="Kim Park"
  --set sender_email=kim@acme.example)
fast=$work
[ -d /dev/shm ] && [ -w /dev/shm ] && fast=$(mktemp -d /dev/shm/bowout-bench.XXXXXX)
seconds() { /usr/bin/time -f '%e' "$@" 2>&1 >/dev/null | tail -n1; }
best() { local b=""; for _ in 1 2 3; do local s; s=$("$@"); if [ -z "$b" ] || awk -v a="$s" -v b="$b" 'BEGIN{exit !(a<b)}'; then b=$s; fi; done; echo "$b"; }
to_dir() { rm -rf "$1/out"; seconds "$bin" batch "$work/rows10000.csv" "${shared[@]}" --output-dir "$1/out"; }
dir_fast=$(best to_dir "$fast")
dir_disk=$(best to_dir "$work")
[ "$fast" != "$work" ] && rm -rf "$fast"
to_json() { seconds "$bin" batch "$work/rows10000.csv" "${shared[@]}" --format json; }
json_s=$(best to_json)
peak() { { /usr/bin/time -f '%M' "$bin" batch "$work/rows$1.csv" "${shared[@]}" --format json >/dev/null; } 2>&1 | tail -n1; }
mem_1k=$(peak 1000); mem_10k=$(peak 10000); mem_100k=$(peak 100000)
time_100k=$(seconds "$bin" batch "$work/rows100000.csv" "${shared[@]}" --format json)
time_1k=$(seconds "$bin" batch "$work/rows1000.csv" "${shared[@]}" --format json)

python3 - "$render_ms" "$true_ms" "$times" "$cold" "$warm" "$rss_kib" "$size" \
  "$dir_fast" "$dir_disk" "$json_s" "$mem_1k" "$mem_10k" "$mem_100k" "$time_1k" "$time_100k" <<'PY'
import sys
(render_ms, true_ms, times, cold, warm, rss_kib, size,
 dir_fast, dir_disk, json_s, mem_1k, mem_10k, mem_100k, time_1k, time_100k) = sys.argv[1:]
def micros(s):
    value, unit = s.split()
    return float(value) * {"ns": 1e-3, "µs": 1, "ms": 1e3, "s": 1e6}[unit]
rows = [
    ("render, whole process", f"{float(render_ms):.2f} ms = {float(times):.2f}x /bin/true ({float(true_ms):.2f} ms)",
     "<= 3x /bin/true", float(times) <= 3),
    ("render() warm (compiled)", warm, "< 100 µs", micros(warm) < 100),
    ("render() cold (compiles)", cold, "(compiling is most of a run)", None),
    ("peak memory of a render", f"{int(rss_kib)/1024:.2f} MiB (highest of 21)", "< 4 MiB", int(rss_kib) < 4096),
    ("release binary", f"{int(size)/1048576:.2f} MiB", "< 3 MiB", int(size) < 3 * 1048576),
    ("batch: 10k rows to .eml files", f"{float(dir_fast):.2f} s (on disk {float(dir_disk):.2f} s)",
     "< 1 s", float(dir_fast) < 1),
    ("batch: rows to JSON lines", f"{10000/float(json_s):,.0f} emails/s (10k in {float(json_s):.2f} s)",
     ">= 20,000/s", 10000 / float(json_s) >= 20000),
    ("batch: peak memory by rows", f"1k {int(mem_1k)/1024:.2f}, 10k {int(mem_10k)/1024:.2f}, 100k {int(mem_100k)/1024:.2f} MiB",
     "100k within 10% of 1k", int(mem_100k) <= 1.1 * int(mem_1k)),
    ("batch: time by rows (JSON)", f"1k {float(time_1k):.2f} s, 10k {float(json_s):.2f} s, 100k {float(time_100k):.2f} s",
     "(grows with the rows)", None),
]
print(f"{'measure':<30} {'figure':<48} {'target':<30} met")
failed = False
for name, figure, target, ok in rows:
    mark = "" if ok is None else ("yes" if ok else "NO")
    failed |= ok is False
    print(f"{name:<30} {figure:<48} {target:<30} {mark}")
sys.exit(1 if failed else 0)
PY
