#!/usr/bin/env bash
# What the colorize Spark job does when things break, on a real standalone cluster on this
# machine: Spark's Master and two Workers (one core each) as child JVMs on 127.0.0.1, from the
# jars in examples/spark/target/lib; the job jar submitted with SparkSubmit. It makes its own gray
# photos (and two unreadable files) in a temporary folder, colorizes them once with the CLI as the
# reference, then checks, one line each:
#   loopback   every socket the cluster's JVMs listen on is on 127.0.0.1
#   executor   an executor SIGKILLed mid-job: every readable photo ends with exactly one output,
#              identical to the CLI's, no hidden temporary file anywhere under the output, the
#              report counts each photo once with its real status
#   driver     the driver SIGKILLed mid-job (and one write left incomplete), the same command
#              rerun: it finishes the rest, redoes the incomplete one, skips what is done, and
#              leaves the same final state as an uninterrupted run
#   worker     a worker (and its executor) SIGKILLed for good: the job finishes on the other
# Exits non-zero if any check fails. No arguments; settings by environment:
#   PHOTOS (2000) photos to make, LIMIT (900) seconds for the whole script, KEEP=1 keeps the
#   temporary folder. Build first: mvn -B -ntp -q package -DskipTests
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
PHOTOS=${PHOTOS:-2000}
LIMIT=${LIMIT:-900}
KEEP=${KEEP:-0}
LIB=$ROOT/examples/spark/target/lib
JOB=$ROOT/colorize-spark/target/colorize-spark-job.jar
CLI=$ROOT/examples/cli/target/colorize.jar
LOG_CONF=$ROOT/examples/spark/src/main/resources/log4j2.properties
SCRIPTS=$ROOT/examples/spark/scripts
for f in "$JOB" "$CLI" "$LIB"; do
  [ -e "$f" ] || { echo "faults: missing $f; build first: mvn -B -ntp -q package -DskipTests"; exit 2; }
done
. "$ROOT/examples/spark/scripts/spark-jvm.sh"  # OPENS, SPARK_LOCAL_IP=127.0.0.1

WORK=$(mktemp -d "${TMPDIR:-/tmp}/colorize-faults.XXXXXX")
PIDS=()
cleanup() {
  exec 2>/dev/null  # no "Killed" notices from the shell
  for pid in "${PIDS[@]}"; do
    for child in $(pgrep -P "$pid" 2>/dev/null); do kill -9 "$child" 2>/dev/null; done
    kill -9 "$pid" 2>/dev/null
  done
  [ "$KEEP" = 1 ] && echo "faults: kept $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'echo "FAIL time limit of $LIMIT s reached"; exit 1' TERM
( sleep "$LIMIT"; kill -TERM $$ 2>/dev/null ) &
PIDS+=($!)
START=$(date +%s)
FAILED=0
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; FAILED=1; }
elapsed() { echo $(($(date +%s) - START)); }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Photos and the reference: the CLI's outputs for the same photos and the same (default) options.
IN=$WORK/photos
java "$SCRIPTS/SyntheticPhotos.java" "$IN" "$PHOTOS" > /dev/null || { echo "FAIL making photos"; exit 1; }
java -Xmx1g -jar "$CLI" "$IN" --out-dir "$WORK/reference" > "$WORK/cli.log" 2>&1
REF_COUNT=$(cd "$WORK/reference" && find . -type f | wc -l)
[ "$REF_COUNT" -eq "$PHOTOS" ] \
  || { echo "FAIL reference: the CLI wrote $REF_COUNT of $PHOTOS outputs"; tail -3 "$WORK/cli.log"; exit 1; }
(cd "$WORK/reference" && find . -type f | sort) > "$WORK/reference.list"
echo "photos: $PHOTOS readable + 2 unreadable in $IN; CLI reference in $(elapsed) s; load $(cut -d' ' -f1-3 /proc/loadavg)"

# The cluster: a Spark "installation" of Spark's jars only (colorize comes from the job jar).
mkdir -p "$WORK/spark-home/jars"
for jar in "$LIB"/*.jar; do
  case $(basename "$jar") in
    colorize-*|onnxruntime-*|imageio-*|common-lang-*|common-io-*|common-image-*|metadata-extractor-*|xmpcore-*|picocli-*) ;;
    *) ln -s "$jar" "$WORK/spark-home/jars/" ;;
  esac
done
export SPARK_HOME=$WORK/spark-home SPARK_SCALA_VERSION=2.13
CP="$SPARK_HOME/jars/*"
PORT=$(free_port)
java $OPENS -Xmx512m -cp "$CP" -Dlog4j2.configurationFile="$LOG_CONF" \
  org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$PORT" \
  --webui-port "$(free_port)" > "$WORK/master.log" 2>&1 &
MASTER=$!
PIDS+=("$MASTER")
start_worker() {  # NAME: starts a one-core worker, prints its pid
  mkdir -p "$WORK/$1"
  # Spark's default logging (INFO): the registration line is waited for below.
  java $OPENS -Xmx512m -cp "$CP" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 --memory 1536m \
    --work-dir "$WORK/$1" --webui-port "$(free_port)" "spark://127.0.0.1:$PORT" \
    > "$WORK/$1.log" 2>&1 &
  echo $!
}
W1=$(start_worker worker1)
W2=$(start_worker worker2)
PIDS+=("$W1" "$W2")
for _ in $(seq 1 120); do
  grep -qi "registered with master" "$WORK/worker1.log" && grep -qi "registered with master" \
    "$WORK/worker2.log" && break
  sleep 0.5
done
grep -qi "registered with master" "$WORK/worker2.log" \
  || { echo "FAIL the workers did not register"; tail -n 5 "$WORK/worker1.log" "$WORK/worker2.log"; exit 1; }
echo "cluster: master spark://127.0.0.1:$PORT, workers pid $W1 and $W2 (1 core each) after $(elapsed) s"

# The job, in the background: submit OUT LOG; sets JOB_PID.
submit() {
  java $OPENS -Xmx1g -cp "$CP" -Dlog4j2.configurationFile="$LOG_CONF" \
    org.apache.spark.deploy.SparkSubmit --master "spark://127.0.0.1:$PORT" --deploy-mode client \
    --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 \
    --conf spark.executor.memory=1g --conf spark.ui.enabled=false \
    --class io.github.colorize.spark.ColorizeJob "$JOB" --input "$IN" --output "$1" \
    > "$2" 2>&1 &
  JOB_PID=$!
  PIDS+=("$JOB_PID")
}
outputs() { find "$1" -name '*.jpg' -not -name '.*' -not -path '*/_reports/*' 2>/dev/null | wc -l; }
# wait_outputs OUT N: until N outputs exist (or the job ended); 1 if it did not get there.
wait_outputs() {
  while [ "$(outputs "$1")" -lt "$2" ]; do
    kill -0 "$JOB_PID" 2>/dev/null || return 1
    sleep 0.2
  done
}
# wait_job: the job's exit status (the script's time limit bounds it).
wait_job() { wait "$JOB_PID"; }
executor_of() { pgrep -P "$1" -f CoarseGrainedExecutorBackend | head -1; }
# final_state OUT: how the outputs compare with the reference, and what the last report says.
final_state() {
  local out=$1 same=0 differ=0 missing=0
  while read -r f; do
    if [ ! -f "$out/$f" ]; then missing=$((missing + 1))
    elif cmp -s "$WORK/reference/$f" "$out/$f"; then same=$((same + 1))
    else differ=$((differ + 1)); fi
  done < "$WORK/reference.list"
  local extra hidden report
  extra=$(cd "$out" && find . -type f -not -path './_reports/*' -not -name '.*' | sort \
    | comm -13 "$WORK/reference.list" - | wc -l)
  hidden=$(find "$out" -name '.*' | wc -l)
  report=$(ls -d "$out"/_reports/*.parquet 2>/dev/null | sort | tail -1)
  REPORT_LINE=$(java -cp "$LIB/*" "$SCRIPTS/ReportCheck.java" "$report" 2>&1 | tail -1)
  SAME=$same
  STATE="$same/$PHOTOS identical to the CLI's, $differ different, $missing missing, $extra extra, $hidden hidden files; report: $REPORT_LINE"
  [ "$same" -eq "$PHOTOS" ] && [ "$differ" -eq 0 ] && [ "$missing" -eq 0 ] && [ "$extra" -eq 0 ] \
    && [ "$hidden" -eq 0 ]
}
# What the driver's log says it lost: executors, and tasks rerun because of it.
lost() { echo "driver log: $(grep -c 'Lost executor' "$1") executor lost, $(grep -c 'Lost task' "$1") task failures"; }

# 1. loopback: every listening socket of the cluster's JVMs (and their children) on 127.0.0.1.
pids=$(printf '%s\n' "$MASTER" "$W1" "$W2" | paste -sd'|')
outside=$(ss -ltnpH 2>/dev/null | grep -E "pid=($pids)," | awk '{print $4}' \
  | grep -vE '^(127\.0\.0\.1|\[::ffff:127\.0\.0\.1\]|\[::1\]):' || true)
listening=$(ss -ltnpH 2>/dev/null | grep -cE "pid=($pids),")
if [ "$listening" -gt 0 ] && [ -z "$outside" ]; then
  pass "loopback: the master's and workers' $listening listening sockets are all on 127.0.0.1"
else
  fail "loopback: $listening listening sockets, outside loopback: ${outside:-none}"
fi

# 2. An executor SIGKILLed mid-job.
OUT=$WORK/out-executor
t0=$(date +%s)
submit "$OUT" "$WORK/executor.log"
if wait_outputs "$OUT" $((PHOTOS / 4)) && victim=$(executor_of "$W1") && [ -n "$victim" ]; then
  at=$(outputs "$OUT")
  kill -9 "$victim"
  wait_job; rc=$?
  if final_state "$OUT" && [ "$rc" -eq 0 ] \
      && [[ "$REPORT_LINE" == "rows $((PHOTOS + 2)) photos $((PHOTOS + 2)) done $PHOTOS skipped 0 failed 2" ]]; then
    pass "executor SIGKILLed at $at/$PHOTOS outputs ($(lost "$WORK/executor.log")): exit $rc in $(($(date +%s) - t0)) s; $STATE"
  else
    fail "executor SIGKILLed at $at/$PHOTOS outputs: exit $rc; $STATE"
  fi
else
  wait_job; fail "executor: the job ended (exit $?) before an executor could be killed mid-job"
fi

# 3. The driver SIGKILLed mid-job, one write left incomplete, the same command rerun.
OUT=$WORK/out-driver
t0=$(date +%s)
submit "$OUT" "$WORK/driver-1.log"
if wait_outputs "$OUT" $((PHOTOS / 3)); then
  kill -9 "$JOB_PID"; wait "$JOB_PID" 2>/dev/null
  # The master ends the application's executors once its driver is gone.
  for _ in $(seq 1 100); do
    [ -z "$(executor_of "$W1")$(executor_of "$W2")" ] && break
    sleep 0.2
  done
  at=$(outputs "$OUT")
  temps=$(find "$OUT" -name '.*.tmp' | wc -l)
  # A write cut off half-way: its output missing, half of it in a temporary file.
  half=$(cd "$OUT" && find . -name '*.jpg' -not -name '.*' -not -path './_reports/*' | sort | head -1)
  size=$(stat -c %s "$OUT/$half")
  head -c $((size / 2)) "$OUT/$half" > "$OUT/$(dirname "$half")/.$(basename "$half").$(cat /proc/sys/kernel/random/uuid).tmp"
  rm "$OUT/$half"
  submit "$OUT" "$WORK/driver-2.log"
  wait_job; rc=$?
  expected="rows $((PHOTOS + 2)) photos $((PHOTOS + 2)) done $((PHOTOS - at + 1)) skipped $((at - 1)) failed 2"
  if final_state "$OUT" && [ "$rc" -eq 0 ] && [[ "$REPORT_LINE" == "$expected" ]]; then
    pass "driver SIGKILLed at $at/$PHOTOS outputs ($temps temporary files left, 1 incomplete write planted), rerun: exit $rc, $(($(date +%s) - t0)) s in all; $STATE"
  else
    fail "driver SIGKILLed at $at/$PHOTOS outputs, rerun: exit $rc; expected report: $expected; $STATE"
  fi
else
  wait_job; fail "driver: the job ended (exit $?) before the driver could be killed mid-job"
fi

# 4. A worker killed for good (with its executor): the job finishes on the other.
OUT=$WORK/out-worker
t0=$(date +%s)
submit "$OUT" "$WORK/worker.log"
if wait_outputs "$OUT" $((PHOTOS / 4)) && [ -n "$(executor_of "$W2")" ]; then
  at=$(outputs "$OUT")
  victim=$(executor_of "$W2")
  kill -9 "$W2" "$victim"
  wait_job; rc=$?
  if final_state "$OUT" && [ "$rc" -eq 0 ] && ! kill -0 "$W2" 2>/dev/null \
      && [[ "$REPORT_LINE" == "rows $((PHOTOS + 2)) photos $((PHOTOS + 2)) done $PHOTOS skipped 0 failed 2" ]]; then
    pass "worker SIGKILLed for good at $at/$PHOTOS outputs ($(lost "$WORK/worker.log"), $(grep -c 'worker lost' "$WORK/worker.log") worker lost): exit $rc in $(($(date +%s) - t0)) s; $STATE"
  else
    fail "worker SIGKILLed at $at/$PHOTOS outputs: exit $rc; $STATE"
  fi
else
  wait_job; fail "worker: the job ended (exit $?) before the worker could be killed mid-job"
fi

echo "faults: $([ "$FAILED" -eq 0 ] && echo "all checks passed" || echo "some checks FAILED") in $(elapsed) s ($PHOTOS photos; load $(cut -d' ' -f1-3 /proc/loadavg))"
exit "$FAILED"
