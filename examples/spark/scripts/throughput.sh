#!/usr/bin/env bash
# The Spark job in local[2] against the command line tool on the same photos, in one sitting,
# alternating, whole processes timed (JVM and Spark start-up included). Also checks that both
# wrote the same bytes. Run from anywhere after `mvn -B -ntp -q package -DskipTests`, with gray
# photos made outside the repository, e.g.
#   java examples/spark/scripts/GrayPhotos.java ../shared/data/val,../shared/data/train /tmp/gray2000 2000
#   examples/spark/scripts/throughput.sh /tmp/gray2000 [WORK_DIR] [ROUNDS]
# The job's local master binds 127.0.0.1 only; SPARK_LOCAL_IP keeps Spark's own look-ups there.
export SPARK_LOCAL_IP=127.0.0.1
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
IN=${1:?usage: throughput.sh PHOTO_DIR [WORK_DIR] [ROUNDS]}
WORK=${2:-/tmp/colorize-throughput}
ROUNDS=${3:-2}
N=$(find "$IN" -type f | wc -l)
mkdir -p "$WORK"
echo "photos: $N in $IN; cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  rm -rf "$WORK/cli" "$WORK/spark"
  /usr/bin/time -f "%e %M %U %S" -o "$WORK/cli.time" \
    java -jar "$ROOT/examples/cli/target/colorize.jar" "$IN" --out-dir "$WORK/cli" \
    > "$WORK/cli.log" 2>&1
  /usr/bin/time -f "%e %M %U %S" -o "$WORK/spark.time" \
    java -jar "$ROOT/examples/spark/target/colorize-spark.jar" --input "$IN" \
    --output "$WORK/spark" --master 'local[2]' > "$WORK/spark.log" 2>&1
  read -r cli_s cli_kb cli_u cli_k < "$WORK/cli.time"
  read -r spark_s spark_kb spark_u spark_k < "$WORK/spark.time"
  echo "round $round: cli $cli_s s ($(awk "BEGIN{printf \"%.2f\", $N/$cli_s}") photos/s," \
    "peak RSS $((cli_kb / 1024)) MiB); spark local[2] $spark_s s" \
    "($(awk "BEGIN{printf \"%.2f\", $N/$spark_s}") photos/s, peak RSS $((spark_kb / 1024)) MiB);" \
    "spark/cli time $(awk "BEGIN{printf \"%.2f\", $spark_s/$cli_s}");" \
    "CPU s (user+sys) cli $(awk "BEGIN{print $cli_u+$cli_k}") spark $(awk "BEGIN{print $spark_u+$spark_k}")" \
    "= $(awk "BEGIN{printf \"%.1f\", 1000*($cli_u+$cli_k)/$N}") / $(awk "BEGIN{printf \"%.1f\", 1000*($spark_u+$spark_k)/$N}") ms per photo;" \
    "load $(cut -d' ' -f1 /proc/loadavg)"
  grep -a '^colorize-spark:' "$WORK/spark.log" | sed 's/^/  job: /' || true
  # The progress bar shares the line with the CLI's summary.
  grep -ao 'colorized [0-9]* of [0-9]* images.*' "$WORK/cli.log" | sed 's/^/  cli: /' || true
done
same=0
differ=0
for f in $(cd "$WORK/cli" && find . -type f); do
  if cmp -s "$WORK/cli/$f" "$WORK/spark/$f"; then same=$((same + 1)); else differ=$((differ + 1)); fi
done
echo "outputs: $same identical, $differ different (job vs cli); load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$differ" -eq 0 ]
