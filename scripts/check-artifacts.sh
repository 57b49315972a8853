#!/usr/bin/env bash
# Checks what a release would publish, after a build has packaged the modules (e.g. `mvn -B verify`):
#   1. a deploy to a local file repository holds, for every published module, its pom, jar, sources jar
#      and javadoc jar (the BOM and the parent: their pom);
#   2. the build is reproducible: building the same commit again (from clean) gives byte-identical jars;
#   3. an outside project (scripts/bom-consumer) that imports the BOM and writes no tau4j version builds
#      against that deploy and runs: the kit bound to a store, the session store and the case repository.
# Exits non-zero, naming what is missing or differs. Used by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

published=(session-api session-memory session-conformance session-tau postgres-support tau4j-testing session-postgres session-langchain4j session-spring-ai tau4j-spring-boot-starter cases-core cases-conformance cases-postgres cases-http cases-server tau4j-micrometer tau4j-cli)
poms_only=(tau4j-parent:. tau4j-bom:tau4j-bom)
repo=$(mktemp -d)

first=$(mktemp)
trap 'rm -rf "$first" "$repo"' EXIT
for module in "${published[@]}"; do
  jars=("$module"/target/"$module"-*.jar)
  if [[ ! -e "${jars[0]}" ]]; then
    echo "check-artifacts: $module has no jar in $module/target: build first (mvn -B verify)" >&2
    exit 1
  fi
  (cd "$module/target" && sha256sum "$module"-*.jar) | sed "s|  |  $module/|" >> "$first"
done

echo "check-artifacts: building again from clean and deploying to $repo"
mvn -B -q clean deploy -DskipTests -Dmaven.install.skip=true -DaltDeploymentRepository="local-check::file://$repo"

status=0
for module in "${published[@]}"; do
  dir="$repo/dev/tau4j/$module/0.1.0-SNAPSHOT"
  for suffix in .pom .jar -sources.jar -javadoc.jar; do
    if ! compgen -G "$dir/$module-*$suffix" > /dev/null; then
      echo "check-artifacts: the deploy of $module has no ${suffix#-}" >&2
      status=1
    fi
  done
done
for entry in "${poms_only[@]}"; do
  artifact=${entry%%:*}
  if ! compgen -G "$repo/dev/tau4j/$artifact/0.1.0-SNAPSHOT/$artifact-*.pom" > /dev/null; then
    echo "check-artifacts: the deploy has no pom of $artifact" >&2
    status=1
  fi
done

echo "check-artifacts: building an outside project that imports tau4j-bom from the deploy"
if ! mvn -B -q -U -f scripts/bom-consumer/pom.xml clean verify -Dtau4j.repo="file://$repo" > "$repo/consumer.log" 2>&1; then
  echo "check-artifacts: the outside project importing tau4j-bom failed:" >&2
  tail -40 "$repo/consumer.log" >&2
  status=1
fi
rm -rf scripts/bom-consumer/target

second=$(mktemp)
for module in "${published[@]}"; do
  (cd "$module/target" && sha256sum "$module"-*.jar) | sed "s|  |  $module/|" >> "$second"
done
if ! diff <(sort -k2 "$first") <(sort -k2 "$second") > /dev/null; then
  echo "check-artifacts: two builds of the same commit gave different jars:" >&2
  diff <(sort -k2 "$first") <(sort -k2 "$second") >&2 || true
  status=1
fi
rm -f "$second"

if [[ $status -eq 0 ]]; then
  echo "check-artifacts: ${#published[@]} modules deploy pom, jar, sources and javadoc; BOM and parent poms deployed; jars byte-identical across two builds; an outside project builds from the BOM with no tau4j version"
fi
exit $status
