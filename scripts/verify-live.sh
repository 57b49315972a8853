#!/usr/bin/env bash
# Live verification: provisions PostgreSQL, runs the conformance kits and the cases smoke (the HTTP
# API over real HTTP) against it, writes verify-live/target/evidence/live-run.{json,md} and fails
# closed. See docs/live-verification.md; for a cloud PostgreSQL, docs/POSTGRES_CLOUD_RUN.md.
set -euo pipefail
cd "$(dirname "$0")/.."
exec mvn -B verify -Plive "$@"
