#!/usr/bin/env bash
# Spring AI chat memory on PostgreSQL: tau4j's SessionChatMemoryRepository against Spring AI's
# JdbcChatMemoryRepository, rows written and time per turn over 1,000 turns at windows 20 and 100, on the
# same database (embedded, fsync on, unless TAU4J_BENCH_POSTGRES_URL names one). See docs/performance.md.
#
#   scripts/bench-chat-memory.sh          # 1,000 turns
#   scripts/bench-chat-memory.sh 200      # fewer turns
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -Pbench -pl benchmarks -am package -DskipTests
java -cp benchmarks/target/benchmarks.jar dev.tau4j.bench.ChatMemoryBenchmark "${1:-1000}" \
  benchmarks/target/chat-memory-result.md
