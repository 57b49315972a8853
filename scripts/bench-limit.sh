#!/usr/bin/env bash
# tau4j against the limit: LimitBenchmark (appends, 16 writers, a page of a million) and ReadLimitBenchmark
# (reads over sessions of 10 to 1,000,000 entries) run each tau4j operation beside its raw JDBC baseline on
# the same PostgreSQL (embedded, fsync on, unless TAU4J_BENCH_POSTGRES_URL names a database); the 16-writer
# trial also runs pgbench (TAU4J_PGBENCH, default /usr/lib/postgresql/15/bin/pgbench) on its server. Prints
# the ratios with their spread (benchmarks/target/limit-result.md). See docs/performance.md.
#
#   scripts/bench-limit.sh                                # every pair, 2 warmup + 5 measured iterations of 3 s
#   scripts/bench-limit.sh 'appendKeyed.*'                # some pairs of LimitBenchmark
#   scripts/bench-limit.sh 'Read.*' -p size=10,1000000    # the reads, two session sizes
#
# Arguments go to JMH; an option given here replaces its default.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=benchmarks/target/benchmarks.jar
result=benchmarks/target/limit-result.json
table=benchmarks/target/limit-result.md
pgbench=benchmarks/target/pgbench-result.json

mvn -B -q -Pbench -pl benchmarks -am package -DskipTests

pattern=LimitBenchmark
args=()
for arg in "$@"; do
  if [[ "$arg" != -* && ${#args[@]} -eq 0 && "$pattern" == LimitBenchmark ]]; then
    pattern="$arg"
    [[ "$arg" == Read* ]] || pattern="LimitBenchmark.$arg"
  else
    args+=("$arg")
  fi
done


rm -f "$result" "$table" "$pgbench"
java -jar "$jar" "$pattern" -rf json -rff "$result" ${args[@]+"${args[@]}"}
echo
results=("$result")
if [[ -f "$pgbench" ]]; then
  results+=("$pgbench")
fi
java -cp "$jar" dev.tau4j.bench.RatioTable "${results[@]}" | tee "$table"
