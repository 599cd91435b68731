#!/usr/bin/env bash
# A real Spark standalone cluster on this machine, with nothing installed: Spark's Master and one
# Worker (classes of spark-core, from examples/spark/target/lib) as child JVMs on 127.0.0.1; the
# job jar submitted to spark://127.0.0.1:PORT with SparkSubmit (what spark-submit runs); its
# outputs compared byte for byte with a local run of the same job. Run after
# `mvn -B -ntp -q package -DskipTests`:
#   examples/spark/scripts/standalone-cluster.sh PHOTO_DIR [WORK_DIR]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
IN=$(cd "${1:?usage: standalone-cluster.sh PHOTO_DIR [WORK_DIR]}" && pwd)
WORK=${2:-/tmp/colorize-standalone}
LIB=$ROOT/examples/spark/target/lib
JOB=$ROOT/colorize-spark/target/colorize-spark-job.jar
LOG_CONF=$ROOT/examples/spark/src/main/resources/log4j2.properties
. "$ROOT/examples/spark/scripts/spark-jvm.sh"  # OPENS, SPARK_LOCAL_IP=127.0.0.1

rm -rf "$WORK" && mkdir -p "$WORK/spark-home/jars" "$WORK/worker"
# A Spark "installation" made of Spark's jars only (not colorize's): the Worker starts executors
# with SPARK_HOME/jars on their class path, and colorize must come from the job jar.
for jar in "$LIB"/*.jar; do
  case $(basename "$jar") in
    colorize-*|onnxruntime-*|imageio-*|common-lang-*|common-io-*|common-image-*|metadata-extractor-*|xmpcore-*|picocli-*) ;;
    *) ln -s "$jar" "$WORK/spark-home/jars/" ;;
  esac
done
export SPARK_HOME=$WORK/spark-home SPARK_SCALA_VERSION=2.13
CP="$SPARK_HOME/jars/*"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
MASTER_UI=$(free_port)
WORKER_UI=$(free_port)

java $OPENS -Xmx512m -cp "$CP" -Dlog4j2.configurationFile="$LOG_CONF" \
  org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$PORT" --webui-port "$MASTER_UI" \
  > "$WORK/master.log" 2>&1 &
MASTER_PID=$!
java $OPENS -Xmx512m -cp "$CP" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 \
  --cores 2 --memory 2g --work-dir "$WORK/worker" --webui-port "$WORKER_UI" \
  "spark://127.0.0.1:$PORT" > "$WORK/worker.log" 2>&1 &
WORKER_PID=$!
trap 'kill $WORKER_PID $MASTER_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  grep -q "Successfully registered with master" "$WORK/worker.log" && break
  kill -0 $WORKER_PID 2>/dev/null || { cat "$WORK/worker.log"; exit 1; }
  sleep 1
done
grep -q "Successfully registered with master" "$WORK/worker.log" \
  || { echo "worker did not register"; tail -20 "$WORK/worker.log"; exit 1; }
echo "cluster: master spark://127.0.0.1:$PORT (pid $MASTER_PID), one worker (pid $WORKER_PID, 2 cores)"

# The executor's peak RSS (VmHWM), sampled until it exits.
( while :; do
    pid=$(pgrep -f CoarseGrainedExecutorBackend | head -1 || true)
    if [ -n "$pid" ]; then
      grep VmHWM "/proc/$pid/status" 2>/dev/null > "$WORK/executor-hwm.tmp" \
        && mv "$WORK/executor-hwm.tmp" "$WORK/executor-hwm"
    fi
    sleep 0.5
  done ) &
SAMPLER_PID=$!
trap 'kill $SAMPLER_PID $WORKER_PID $MASTER_PID 2>/dev/null || true' EXIT
start=$(date +%s.%N)
java $OPENS -Xmx1g -cp "$CP" -Dlog4j2.configurationFile="$LOG_CONF" \
  org.apache.spark.deploy.SparkSubmit --master "spark://127.0.0.1:$PORT" --deploy-mode client \
  --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 \
  --conf spark.executor.memory=1g \
  --conf spark.ui.enabled=false \
  --class io.github.colorize.spark.ColorizeJob "$JOB" \
  --input "$IN" --output "$WORK/out-cluster" | tee "$WORK/submit.log"
echo "submit took $(awk "BEGIN{printf \"%.1f\", $(date +%s.%N) - $start}") s"
executors=$(find "$WORK/worker" -name stderr | wc -l)
echo "executor JVMs started by the worker: $executors; executor peak RSS: $(awk '{print int($2/1024) " MiB"}' "$WORK/executor-hwm" 2>/dev/null)"
grep -h "executor colorizer ready" $(find "$WORK/worker" -name stderr) | sed 's/^/  executor log: /' || true

java -jar "$ROOT/examples/spark/target/colorize-spark.jar" --input "$IN" \
  --output "$WORK/out-local" --master 'local[2]' | sed 's/^/local: /'
same=0
differ=0
for f in $(cd "$WORK/out-local" && find . -type f -not -path './_reports/*'); do
  if cmp -s "$WORK/out-local/$f" "$WORK/out-cluster/$f"; then same=$((same + 1)); else differ=$((differ + 1)); echo "differs: $f"; fi
done
echo "cluster vs local outputs: $same identical, $differ different"
[ "$differ" -eq 0 ] && [ "$same" -gt 0 ]
