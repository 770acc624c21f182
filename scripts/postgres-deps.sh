#!/usr/bin/env bash
# PostgreSQL 15 for the PostgreSQL archive tests: Debian's postgresql + postgresql-contrib (pg_trgm)
# when initdb/pg_ctl are found neither on PATH nor in /usr/lib/postgresql/*/bin, and the RUM extension
# (postgresql-15-rum: relevance top-k from the index) when the server has no rum.control.
# Under CI (LAGEBILD_REQUIRE_PG=1) a failed install fails the run; elsewhere the tests skip with a reason.
set -u
found() {
  command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1 && return 0
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1
}
rum() { ls /usr/share/postgresql/*/extension/rum.control >/dev/null 2>&1; }
if found && rum; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib \
    postgresql-15-rum >/dev/null || echo "postgres-deps: could not install postgresql and postgresql-15-rum"
fi
if found && rum; then exit 0; fi
if found; then
  echo "postgres-deps: the rum extension is missing; PostgreSQL archives rank with ts_rank"
  [ "${LAGEBILD_REQUIRE_PG:-0}" = 1 ] && exit 1
  exit 0
fi
echo "postgres-deps: PostgreSQL is not installed; the PostgreSQL archive tests will skip"
[ "${LAGEBILD_REQUIRE_PG:-0}" = 1 ] && exit 1
exit 0
