# Shared by deploy/run.sh and deploy/test.sh: dependencies, builds, a private redis-server.
# Sourced, not executed. Everything it installs comes from Debian's and npm's registries.

CARTGATE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# Each step says how far into the run it starts (seconds), so a run's log shows its phases.
say() { printf '\033[1m==> [%ss] %s\033[0m\n' "$SECONDS" "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo > /dev/null; then sudo "$@"; else
    die "need root (or sudo) to run: $*"; fi
}

# Debian packages the build, the tests and the quick start need.
CARTGATE_APT_PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates curl
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libssl-dev libhiredis-dev libjemalloc-dev redis-server redis-tools
  libgtest-dev libgmock-dev clang-format clang-tidy
  wrk nginx-light
)

install_apt_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2> /dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing Debian packages: ${missing[*]}"
  # Packages with services (nginx, redis-server) must not start them system-wide: the scripts
  # run their own instances on free ports. Debian's policy-rc.d hook says "not now" (101).
  local policy=/usr/sbin/policy-rc.d added_policy=""
  if [ ! -e "$policy" ]; then
    as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy" && added_policy=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
  [ -n "$added_policy" ] && as_root rm -f "$policy"
  return 0
}

install_deps() {
  local extra=()
  command -v node > /dev/null || extra+=(nodejs npm)
  install_apt_packages "${CARTGATE_APT_PACKAGES[@]}" "${extra[@]}"
}

# npm tools of the test command (ajv, redocly), pinned by tests/tools/package-lock.json.
install_npm_tools() {
  local dir="$CARTGATE_ROOT/tests/tools"
  if [ ! -x "$dir/node_modules/.bin/ajv" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "installing npm test tools"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error > /dev/null)
  fi
}

# build <dir> <build type> [cmake args...]; CARTGATE_TARGETS="a b" builds only those targets.
build() {
  local dir=$1 type=$2
  shift 2
  say "building $dir ($type)"
  cmake -S "$CARTGATE_ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" "$@" > /dev/null
  local targets=()
  for t in ${CARTGATE_TARGETS:-}; do targets+=(--target "$t"); done
  cmake --build "$dir" "${targets[@]}" -- -j "$(nproc)"
}

# A free TCP port on 127.0.0.1, starting the search at $1 (default: random high port).
free_port() {
  local port=${1:-$((20000 + RANDOM % 30000))}
  for _ in $(seq 1 200); do
    if ! (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then echo "$port"; return 0; fi
    port=$((port + 1))
  done
  die "no free port found"
}

# start_redis <data dir> -> sets REDIS_PORT and REDIS_PID; AOF on, loopback only, own port.
start_redis() {
  local dir=$1
  mkdir -p "$dir"
  for _ in 1 2 3; do
    REDIS_PORT=$(free_port)
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$dir" --appendonly yes \
      --save "" --daemonize no --logfile "$dir/redis.log" --pidfile "$dir/redis.pid" &
    REDIS_PID=$!
    for _ in $(seq 1 100); do
      if redis-cli -p "$REDIS_PORT" ping 2> /dev/null | grep -q PONG; then
        say "redis-server on 127.0.0.1:$REDIS_PORT (data in $dir)"
        return 0
      fi
      kill -0 "$REDIS_PID" 2> /dev/null || break
      sleep 0.05
    done
    kill "$REDIS_PID" 2> /dev/null || true
  done
  die "redis-server did not start; see $dir/redis.log"
}

stop_redis() {
  [ -n "${REDIS_PID:-}" ] && kill "$REDIS_PID" 2> /dev/null && wait "$REDIS_PID" 2> /dev/null || true
}
