#!/usr/bin/env bash
# Live verification: provisions PostgreSQL, runs the conformance kit against it, writes
# verify-live/target/evidence/live-run.{json,md} and fails closed. See docs/live-verification.md.
set -euo pipefail
cd "$(dirname "$0")/.."
exec mvn -B verify -Plive "$@"
