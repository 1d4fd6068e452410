#!/usr/bin/env bash
# The project's test lab: a real S3 server (Ceph RGW, memstore) and real PostgreSQL 15 on 127.0.0.1,
# with real Barman lineages written by barman-cloud-backup / barman-cloud-wal-archive.
#
#   tests/lab/lab.sh install install the Debian packages the lab and the tests need (root)
#   tests/lab/lab.sh up      install what is missing, reuse a running lab or build a new one
#   tests/lab/lab.sh down    stop everything the lab started
#   tests/lab/lab.sh env     print the environment the tests read (sourceable)
#
# Bucket postgres-backups, database "app", prefix cnpg/app/:
#   app-database-v1  healthy: 2 base backups, continuous WAL, timeline 1
#   app-database-v2  restored from v1 (backup 2, full replay), promoted to timeline 2 (.history), 1 backup
#   app-database-v3  polluted: a data-bearing backup, then a backup of a fresh initdb (other systemid)
#   app-database-v4  abandoned: WAL but no base backup
#   app-database-v5  WAL gap: 2 backups, one segment between them deleted afterwards
# Left running: S3 on $S3_PORT, the "live" database (v2's cluster, archiving off, password auth) on
# $LIVE_PORT, a standby (permanently in recovery) on $STANDBY_PORT.  Facts for the tests: $LAB/lab.json.
set -euo pipefail

LAB=${CNPG_DR_LAB:-/tmp/cnpg-dr-lab}
S3_PORT=${LAB_S3_PORT:-19100}
MON_PORT=${LAB_MON_PORT:-16889}
PORT_BASE=${LAB_PG_PORT_BASE:-15530}
BUILD_PORT=$PORT_BASE; LIVE_PORT=$((PORT_BASE+1)); FRESH_PORT=$((PORT_BASE+2)); STANDBY_PORT=$((PORT_BASE+3))
PGBIN=/usr/lib/postgresql/15/bin
ENDPOINT=http://127.0.0.1:$S3_PORT
BUCKET=postgres-backups
DEST=s3://$BUCKET/cnpg/app/
export AWS_ACCESS_KEY_ID=cnpgdrlab AWS_SECRET_ACCESS_KEY=cnpgdrlabsecret AWS_DEFAULT_REGION=us-east-1
APP_PASSWORD=lab-app-password   # a throw-away lab password, used by the validation tests
SOCK=$LAB/run
declare -A FACT=()

say() { printf '[lab %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { say "FAILED: $*"; exit 1; }
as_pg() { runuser -u postgres -- env AWS_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY AWS_DEFAULT_REGION=$AWS_DEFAULT_REGION "$@"; }
sql() { local port=$1 db=$2; shift 2; as_pg psql -X -q -v ON_ERROR_STOP=1 -h "$SOCK" -p "$port" -U postgres -d "$db" -At "$@"; }
barman() { local tool=$1; shift; as_pg "$tool" --endpoint-url "$ENDPOINT" --cloud-provider aws-s3 "$@"; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_for() { # $1 what, $2 tries (0.2 s each), rest: command
  local what=$1 n=$2; shift 2
  for _ in $(seq "$n"); do if "$@" >/dev/null 2>&1; then return 0; fi; sleep 0.2; done
  die "timed out waiting for $what"
}

install_deps() {
  local need=()
  [ -x $PGBIN/postgres ] || need+=(postgresql-15)
  command -v barman-cloud-backup >/dev/null || need+=(barman-cli-cloud)
  command -v ceph-mon >/dev/null || need+=(ceph-mon)
  command -v ceph-osd >/dev/null || need+=(ceph-osd)
  command -v radosgw >/dev/null || need+=(radosgw)
  # reference encoders of the WAL compressions the prefetch reads (WalCompressionTests)
  command -v xz >/dev/null || need+=(xz-utils)
  command -v zstd >/dev/null || need+=(zstd)
  command -v lz4 >/dev/null || need+=(lz4)
  command -v runuser >/dev/null || need+=(util-linux)
  command -v kubectl >/dev/null || need+=(kubectl)   # kustomize renders (deploy/ tests, render check)
  /usr/bin/python3 -c 'import boto3' 2>/dev/null || need+=(python3-boto3)
  command -v promtool >/dev/null || need+=(prometheus)   # promtool: the alert rule tests (deploy/monitoring)
  if [ ${#need[@]} -gt 0 ]; then
    say "apt-get install ${need[*]}"
    apt-get update -qq
    for attempt in 1 2; do   # dpkg sometimes loses its temp archive on the first try
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null && break
      [ $attempt = 2 ] && die "apt-get install failed"
    done
  fi
  # Debian starts a cluster on 5432 after installing postgresql; the lab never uses it.
  return 0
}

# ------------------------------------------------------------------------ lifecycle
pg_stop_dir() { if [ -f "$1/postmaster.pid" ]; then as_pg $PGBIN/pg_ctl -D "$1" -m fast -w stop >/dev/null 2>&1 || true; fi; }

down() {
  local d pid name
  for d in "$LAB"/pg/*; do [ -d "$d" ] && pg_stop_dir "$d"; done
  for name in client.rgw.lab osd.0 mon.lab; do
    pid=$(cat "$LAB/ceph/run/$name.pid" 2>/dev/null || true)
    if [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "$LAB/ceph"; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 100); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
    fi
  done
  return 0
}

# The tail of every Ceph log on stderr: when the Ceph part fails in CI, its output must say why.
ceph_logs() {
  local f
  for f in "$LAB"/ceph/log/{setup,mon.lab,osd.0,client.rgw.lab}.log; do
    [ -f "$f" ] && { say "--- last 30 lines of $f"; tail -n 30 "$f" >&2; }
  done
  return 0
}
ms() { echo $(( $(date +%s%N) / 1000000 )); }
osd_exited() { local pid; pid=$(cat "$LAB/ceph/run/osd.0.pid" 2>/dev/null) && [ -n "$pid" ] && [ ! -d "/proc/$pid" ]; }

lab_alive() {
  [ -f "$LAB/lab.json" ] && port_open "$S3_PORT" && port_open "$LIVE_PORT" && port_open "$STANDBY_PORT" &&
    /usr/bin/python3 -c "import boto3,sys; boto3.client('s3', endpoint_url=sys.argv[1]).head_bucket(Bucket=sys.argv[2])" "$ENDPOINT" "$BUCKET" 2>/dev/null
}

start_rgw() {
  local C=$LAB/ceph fsid uuid
  mkdir -p "$C"/{run,log,mon,osd/ceph-0,rgw}
  fsid=$(cat /proc/sys/kernel/random/uuid); uuid=$(cat /proc/sys/kernel/random/uuid)
  cat >"$C/ceph.conf" <<EOF
[global]
fsid = $fsid
mon_host = v1:127.0.0.1:$MON_PORT
ms_bind_msgr2 = false
ms_bind_ipv6 = false
public_addr = 127.0.0.1
cluster_addr = 127.0.0.1
public_network = 127.0.0.0/8
cluster_network = 127.0.0.0/8
ms_bind_port_min = $((MON_PORT+10))
ms_bind_port_max = $((MON_PORT+90))
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
osd_pool_default_size = 1
osd_pool_default_min_size = 1
mon_allow_pool_size_one = true
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
osd_pool_default_pg_autoscale_mode = off
mon_max_pg_per_osd = 1000
mon_warn_on_pool_no_redundancy = false
mon_data_avail_warn = 1
osd_crush_chooseleaf_type = 0
osd_objectstore = memstore
memstore_device_bytes = 4294967296
run_dir = $C/run
admin_socket = $C/run/\$name.asok
pid_file = $C/run/\$name.pid
log_file = $C/log/\$name.log
mon_data = $C/mon/\$cluster-\$id
osd_data = $C/osd/\$cluster-\$id
keyring = $C/keyring
[mon.lab]
mon_addr = v1:127.0.0.1:$MON_PORT
[client.rgw.lab]
rgw_frontends = beast endpoint=127.0.0.1:$S3_PORT tcp_nodelay=1
rgw_data = $C/rgw
EOF
  export CEPH_CONF=$C/ceph.conf
  ceph-authtool --create-keyring "$C/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
  monmaptool --create --fsid "$fsid" --addv lab "[v1:127.0.0.1:$MON_PORT]" "$C/monmap" >/dev/null
  ceph-mon -c "$C/ceph.conf" --mkfs -i lab --monmap "$C/monmap" --keyring "$C/keyring" 2>>"$C/log/setup.log"
  trap ceph_logs EXIT   # any failure from here to the bucket shows the Ceph logs
  ceph-mon -c "$C/ceph.conf" -i lab 2>>"$C/log/setup.log"
  # Right after the mon starts a command can fail with EPERM ("problem getting command descriptions";
  # the mon logs "handle_command on fsid 00000000-...": the client had no monmap yet). Wait until the
  # mon answers and is in quorum before the first change, and retry that change too.
  local t0 try id up=0 inq='"quorum_names": ?\["lab"\]'
  t0=$(ms)
  until [[ $(timeout 10 ceph quorum_status -f json 2>>"$C/log/setup.log") =~ $inq ]]; do
    [ $(( $(ms) - t0 )) -lt 60000 ] || die "mon.lab not in quorum after 60 s"
    sleep 0.5
  done
  t0=$(( $(ms) - t0 )); say "mon.lab in quorum after $((t0 / 1000)).$((t0 % 1000 / 100)) s"
  for try in 1 2 3 4 5; do   # the EPERM race can still hit; the same uuid always gets the same id
    id=$(timeout 30 ceph osd create "$uuid" 2>>"$C/log/setup.log") && [ "$id" = 0 ] && break
    say "ceph osd create, try $try of 5: got '$id' ($(tail -n 1 "$C/log/setup.log"))"; sleep 2
  done
  [ "$id" = 0 ] || die "ceph osd create"
  ceph-osd -c "$C/ceph.conf" -i 0 --mkfs --osd-uuid "$uuid" >>"$C/log/setup.log" 2>&1
  for try in 1 2 3 4 5 6 7 8; do   # a fresh mon can hand the OSD a zero fsid ("wrong fsid"): start again until up
    [ $try = 1 ] || say "osd.0 not up, starting it again (try $try)"
    rm -f "$C/run/osd.0.pid"
    ceph-osd -c "$C/ceph.conf" -i 0 >>"$C/log/setup.log" 2>&1 || true
    for _ in $(seq 40); do
      if timeout 10 ceph osd dump 2>/dev/null | grep -q '^osd.0 up'; then up=1; break 2; fi
      osd_exited && break   # a start that lost the race exits: start again now, not after the whole poll
      sleep 0.5
    done
  done
  [ $up = 1 ] || die "osd.0 did not come up"
  # tcp_nodelay: without it every small listing waits ~40 ms on Nagle + delayed ACK
  radosgw -c "$C/ceph.conf" -n client.rgw.lab >>"$C/log/setup.log" 2>&1
  wait_for "radosgw on $S3_PORT" 300 port_open "$S3_PORT"
  for try in 1 2 3; do   # the same EPERM race as osd create; creating the same user again is harmless
    timeout 60 radosgw-admin user create --uid=lab --display-name=lab \
      --access-key=$AWS_ACCESS_KEY_ID --secret=$AWS_SECRET_ACCESS_KEY >/dev/null 2>>"$C/log/setup.log" && break
    [ $try = 3 ] && die "radosgw-admin user create"
    say "radosgw-admin user create, try $try of 3 failed: $(tail -n 1 "$C/log/setup.log")"; sleep 2
  done
  /usr/bin/python3 -c "import boto3,sys; boto3.client('s3', endpoint_url=sys.argv[1]).create_bucket(Bucket=sys.argv[2])" "$ENDPOINT" "$BUCKET"
  trap - EXIT
}

# ------------------------------------------------------------------------ postgres helpers
conf() { # $1 datadir $2 port, rest: extra lines
  local d=$1 p=$2; shift 2
  { echo "# --- cnpg-dr lab"; echo "listen_addresses = '127.0.0.1'"; echo "port = $p"
    echo "unix_socket_directories = '$SOCK'"; echo "log_line_prefix = '%m [%p] '"; printf '%s\n' "$@"; } >>"$d/postgresql.auto.conf"
}
archive_to() { echo "archive_command = 'env AWS_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY AWS_DEFAULT_REGION=$AWS_DEFAULT_REGION barman-cloud-wal-archive --gzip --endpoint-url $ENDPOINT --cloud-provider aws-s3 $DEST $1 %p'"; }
restore_from() { echo "restore_command = 'env AWS_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY AWS_DEFAULT_REGION=$AWS_DEFAULT_REGION barman-cloud-wal-restore --endpoint-url $ENDPOINT --cloud-provider aws-s3 $DEST $1 %f %p'"; }
pg_start() { as_pg $PGBIN/pg_ctl -D "$1" -l "$LAB/logs/$(basename "$1").log" -w -t 180 start >/dev/null; }
new_cluster() { as_pg $PGBIN/initdb -D "$1" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null; }
switch_wal() { sql "$1" postgres -c "select pg_switch_wal()" >/dev/null; }
archived_all() { [ "$(sql "$1" postgres -c "select count(*) from pg_ls_archive_statusdir() where name like '%.ready'")" = 0 ]; }
wait_archived() { wait_for "archiver of port $1" 900 archived_all "$1"; }
set_archive() { # $1 port $2 datadir $3 serverName: retarget archiving (reload), after draining the old target
  wait_archived "$1"
  sed -i '/^archive_command/d' "$2/postgresql.auto.conf"; archive_to "$3" >>"$2/postgresql.auto.conf"
  sql "$1" postgres -c "select pg_reload_conf()" >/dev/null
}
backup() { # $1 port $2 serverName -> prints backup id
  local name="$2-backup-$(date -u +%Y%m%d%H%M%S%N)"
  barman barman-cloud-backup --user postgres --host "$SOCK" --port "$1" --name "$name" --gzip --immediate-checkpoint "$DEST" "$2" >&2
  barman barman-cloud-backup-list --format json "$DEST" "$2" |
    /usr/bin/python3 -c "import json,sys; print([b['backup_id'] for b in json.load(sys.stdin)['backups_list'] if b.get('backup_name')==sys.argv[1]][0])" "$name"
}
now_utc() { sql "$1" postgres -c "select to_char(clock_timestamp() at time zone 'UTC','YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"; }
orders() { sql "$1" app -c "select count(*) from orders"; }
batch() { # $1 port $2 label $3 switches: each = 2,500 rows then a WAL switch
  for _ in $(seq "$3"); do
    sql "$1" app -c "insert into orders(batch,payload) select '$2', repeat(md5(i::text),20) from generate_series(1,2500) i"
    switch_wal "$1"
  done
  wait_archived "$1"
}
walfile() { sql "$1" postgres -c "select pg_walfile_name(pg_current_wal_lsn())"; }
restore_backup() { # $1 serverName $2 backupId $3 datadir
  barman barman-cloud-restore "$DEST" "$1" "$2" "$3" >&2
  chmod 0700 "$3"; chown -R postgres:postgres "$3"
  sed -i '/^# --- cnpg-dr lab/,$d' "$3/postgresql.auto.conf"
}
in_recovery_is() { [ "$(sql "$1" postgres -c 'select pg_is_in_recovery()' 2>/dev/null)" = "$2" ]; }

# ------------------------------------------------------------------------ build
build() {
  local t0=$SECONDS V1=$LAB/pg/v1 V2=$LAB/pg/live FRESH=$LAB/pg/fresh SB=$LAB/pg/standby
  down; rm -rf "$LAB"; mkdir -p "$LAB"/{pg,logs} "$SOCK"; chmod 0755 "$LAB"
  chown postgres:postgres "$LAB/pg" "$LAB/logs" "$SOCK"
  say "starting Ceph RGW on $ENDPOINT"; start_rgw
  barman barman-cloud-check-wal-archive "$DEST" app-database-v1 || die "S3 not usable by barman"

  say "v1: initdb + seed (port $BUILD_PORT)"
  new_cluster "$V1"; conf "$V1" $BUILD_PORT "archive_mode = on" "$(archive_to app-database-v1)"
  pg_start "$V1"
  sql $BUILD_PORT postgres -c "create role app login password '$APP_PASSWORD'" -c "create database app owner app"
  sql $BUILD_PORT app -c "set role app" \
    -c "create table orders(id bigserial primary key, batch text not null, payload text, created_at timestamptz default clock_timestamp())" \
    -c "insert into orders(batch,payload) select 'seed', md5(i::text) from generate_series(1,100) i" \
    -c "create table blob as select i, (select string_agg(md5(random()::text || i || g), '') from generate_series(1,10) g) as t from generate_series(1,30000) i" \
    -c "create table audit_log(id int primary key, note text)"
  switch_wal $BUILD_PORT; wait_archived $BUILD_PORT
  FACT[systemid_main]=$(sql $BUILD_PORT postgres -c "select system_identifier from pg_control_system()")
  FACT[v1_backup1]=$(backup $BUILD_PORT app-database-v1)
  batch $BUILD_PORT A 4; FACT[ts_a]=$(now_utc $BUILD_PORT); FACT[count_a]=$(orders $BUILD_PORT); sleep 1.1
  batch $BUILD_PORT B 4; FACT[ts_b]=$(now_utc $BUILD_PORT); FACT[count_b]=$(orders $BUILD_PORT)
  FACT[v1_backup2]=$(backup $BUILD_PORT app-database-v1)
  batch $BUILD_PORT C 2; FACT[ts_c]=$(now_utc $BUILD_PORT); FACT[count_c]=$(orders $BUILD_PORT)
  FACT[v1_last_wal]=$(sql $BUILD_PORT postgres -c "select last_archived_wal from pg_stat_archiver")

  say "v3 (first half): a data-bearing backup of the same database"
  set_archive $BUILD_PORT "$V1" app-database-v3; switch_wal $BUILD_PORT
  FACT[v3_backup_data]=$(backup $BUILD_PORT app-database-v3)
  batch $BUILD_PORT P 1

  say "v4: WAL archived, never a base backup"
  set_archive $BUILD_PORT "$V1" app-database-v4; switch_wal $BUILD_PORT
  batch $BUILD_PORT Q 2

  say "v5: two backups with a WAL gap between them"
  set_archive $BUILD_PORT "$V1" app-database-v5; switch_wal $BUILD_PORT
  FACT[v5_backup1]=$(backup $BUILD_PORT app-database-v5)
  FACT[v5_gap_segment]=$(walfile $BUILD_PORT | /usr/bin/python3 -c "import sys; w=sys.stdin.read().strip(); n=int(w[8:16],16)*256+int(w[16:],16)+1; print('%s%08X%08X' % (w[:8], n//256, n%256))")
  batch $BUILD_PORT E 3; sleep 1.1; FACT[ts_after_gap]=$(now_utc $BUILD_PORT); sleep 1.1
  FACT[v5_backup2]=$(backup $BUILD_PORT app-database-v5)
  batch $BUILD_PORT F 2
  pg_stop_dir "$V1"
  /usr/bin/python3 - "$ENDPOINT" "$BUCKET" "cnpg/app/app-database-v5/wals/${FACT[v5_gap_segment]:0:16}/${FACT[v5_gap_segment]}" <<'EOF'
import boto3, sys
s3 = boto3.client("s3", endpoint_url=sys.argv[1])
keys = [o["Key"] for o in s3.list_objects_v2(Bucket=sys.argv[2], Prefix=sys.argv[3])["Contents"]]
plain = [k for k in keys if k.endswith(sys.argv[3].rsplit("/", 1)[1] + ".gz")]
assert len(plain) == 1, keys
s3.delete_object(Bucket=sys.argv[2], Key=plain[0])
EOF

  say "v2: restore v1 backup 2, replay all WAL, promote to timeline 2, archive to v2"
  restore_backup app-database-v1 "${FACT[v1_backup2]}" "$V2"
  conf "$V2" $LIVE_PORT "archive_mode = on" "$(archive_to app-database-v2)" "$(restore_from app-database-v1)" "recovery_target_action = 'promote'"
  as_pg touch "$V2/recovery.signal"; pg_start "$V2"
  wait_for "v2 promotion" 900 in_recovery_is $LIVE_PORT f
  FACT[v2_rows_after_recovery]=$(orders $LIVE_PORT)
  [ "${FACT[v2_rows_after_recovery]}" = "${FACT[count_c]}" ] || die "v2 replay: ${FACT[v2_rows_after_recovery]} rows, expected ${FACT[count_c]}"
  sql $LIVE_PORT postgres -c checkpoint
  FACT[v2_backup]=$(backup $LIVE_PORT app-database-v2)
  batch $LIVE_PORT D 2; FACT[count_live]=$(orders $LIVE_PORT)
  FACT[live_timeline]=$(sql $LIVE_PORT postgres -c "select timeline_id from pg_control_checkpoint()")

  say "v3 (second half): a freshly initdb-ed cluster backs up into the same serverName"
  new_cluster "$FRESH"; conf "$FRESH" $FRESH_PORT "archive_mode = on" "$(archive_to app-database-v3)"
  pg_start "$FRESH"
  FACT[systemid_fresh]=$(sql $FRESH_PORT postgres -c "select system_identifier from pg_control_system()")
  FACT[v3_backup_empty]=$(backup $FRESH_PORT app-database-v3)
  switch_wal $FRESH_PORT; wait_archived $FRESH_PORT; pg_stop_dir "$FRESH"; rm -rf "$FRESH"

  say "live database: v2's cluster, archiving off (tests must never write into a lineage)"
  pg_stop_dir "$V2"
  sed -i 's/^archive_mode = on/archive_mode = off/' "$V2/postgresql.auto.conf"; sed -i '/^archive_command/d' "$V2/postgresql.auto.conf"
  pg_start "$V2"

  say "standby: v1 backup 2 in permanent recovery (port $STANDBY_PORT)"
  restore_backup app-database-v1 "${FACT[v1_backup2]}" "$SB"
  # It asks the archive for the next segment every wal_retrieve_retry_interval: at the default 5 s that
  # starts Python all the time and takes a quarter of a small machine's CPU from the tests and benches.
  conf "$SB" $STANDBY_PORT "archive_mode = off" "wal_retrieve_retry_interval = '5min'" "$(restore_from app-database-v1)"
  as_pg touch "$SB/standby.signal"; pg_start "$SB"
  wait_for "standby to accept connections" 600 in_recovery_is $STANDBY_PORT t

  FACT[build_seconds]=$((SECONDS - t0))
  write_facts
  say "lab built in ${FACT[build_seconds]} s"
}

write_facts() {
  local args=()
  for k in "${!FACT[@]}"; do args+=("$k=${FACT[$k]}"); done
  /usr/bin/python3 - "$LAB/lab.json" "${args[@]}" <<EOF
import json, sys
facts = dict(a.split("=", 1) for a in sys.argv[2:])
facts.update({"endpoint": "$ENDPOINT", "bucket": "$BUCKET", "prefix": "cnpg", "database": "app",
              "accessKey": "$AWS_ACCESS_KEY_ID", "secretKey": "$AWS_SECRET_ACCESS_KEY",
              "livePort": $LIVE_PORT, "standbyPort": $STANDBY_PORT, "appUser": "app", "appPassword": "$APP_PASSWORD",
              "socketDir": "$SOCK", "pgBin": "$PGBIN"})
json.dump(facts, open(sys.argv[1], "w"), indent=2, sort_keys=True)
EOF
}

case "${1:-up}" in
  up)
    install_deps
    # Two test runs starting at once must not both build (each would tear the other's half down):
    # the second waits for the first, then reuses its lab. -o: the daemons do not inherit the lock.
    mkdir -p "$(dirname "$LAB")"
    exec flock -o "$LAB.lock" "$0" locked-up ;;
  locked-up)
    if lab_alive; then say "reusing the running lab in $LAB"; else build; fi ;;
  install) install_deps ;;
  down) down ;;
  env)  echo "export CNPG_DR_LAB=$LAB AWS_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY Dr__S3__ServiceUrl=$ENDPOINT" ;;
  *) die "usage: $0 install|up|down|env" ;;
esac
