#!/usr/bin/env bash
# tau4j against the limit: LimitBenchmark runs each tau4j operation beside its raw JDBC baseline on the
# same PostgreSQL (embedded, fsync on, unless TAU4J_BENCH_POSTGRES_URL names a database) and prints the
# ratios with their spread (benchmarks/target/limit-result.md). See docs/performance.md.
#
#   scripts/bench-limit.sh                      # every pair, 2 warmup + 5 measured iterations of 3 s
#   scripts/bench-limit.sh 'appendKeyed.*'      # some pairs
#
# Arguments go to JMH; an option given here replaces its default.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=benchmarks/target/benchmarks.jar
result=benchmarks/target/limit-result.json
table=benchmarks/target/limit-result.md

mvn -B -q -Pbench -pl benchmarks -am package -DskipTests

pattern=LimitBenchmark
args=()
for arg in "$@"; do
  if [[ "$arg" != -* && ${#args[@]} -eq 0 && "$pattern" == LimitBenchmark ]]; then
    pattern="LimitBenchmark.$arg"
  else
    args+=("$arg")
  fi
done

rm -f "$result" "$table"
java -jar "$jar" "$pattern" -rf json -rff "$result" ${args[@]+"${args[@]}"}
echo
java -cp "$jar" dev.tau4j.bench.RatioTable "$result" | tee "$table"
