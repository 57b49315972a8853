#!/usr/bin/env bash
# Benchmarks of the session stores (JMH): builds the benchmarks module (-Pbench), runs every benchmark
# on both backends, writes benchmarks/target/jmh-result.json and prints the results as Markdown
# (also in benchmarks/target/jmh-result.md). See docs/performance.md.
#
#   scripts/bench.sh                                # everything, default settings (about 13 minutes)
#   scripts/bench.sh -p backend=memory              # one backend
#   scripts/bench.sh 'append.*' -wi 0 -i 1 -r 1s    # some benchmarks, shorter settings
#
# Arguments go to JMH (java -jar benchmarks/target/benchmarks.jar -h lists them); an option given here
# replaces its default below. Do not pass -t: each benchmark sets its own thread count. PostgreSQL
# benchmarks start an embedded server unless TAU4J_BENCH_POSTGRES_URL names a database.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=benchmarks/target/benchmarks.jar
result=benchmarks/target/jmh-result.json
table=benchmarks/target/jmh-result.md
log=benchmarks/target/jmh-output.txt

# One fork; 3 warmup iterations of 5 s (PostgreSQL reads were still speeding up after 2 of 3 s); 3 measured
# iterations of 5 s; a benchmark that fails fails the run.
defaults=(-f 1 -wi 3 -w 5s -i 3 -r 5s -foe true)

for arg in "$@"; do
  if [[ "$arg" == -rf || "$arg" == -rff ]]; then
    echo "bench.sh: results always go to $result; leave out $arg" >&2
    exit 2
  fi
done

mvn -B -q -Pbench -pl benchmarks -am package -DskipTests

options=()
for ((i = 0; i < ${#defaults[@]}; i += 2)); do
  given=false
  for arg in "$@"; do
    if [[ "$arg" == "${defaults[i]}" ]]; then
      given=true
    fi
  done
  if [[ "$given" == false ]]; then
    options+=("${defaults[i]}" "${defaults[i + 1]}")
  fi
done

rm -f "$result" "$table"
java -jar "$jar" ${options[@]+"${options[@]}"} -rf json -rff "$result" "$@" 2>&1 | tee "$log"

if [[ -s "$result" ]]; then
  echo
  java -cp "$jar" dev.tau4j.bench.ResultTable "$result" | tee "$table"
fi
