# Sourced by the benchmark scripts: process bookkeeping, JSON and port helpers, core pinning
# and the part of an nginx configuration every benchmark's nginx shares.

pids=()  # every background process a benchmark starts; all stopped on exit
cleanup() { for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done; wait 2> /dev/null || true; }
trap cleanup EXIT
json() { node -e "const v=JSON.parse(require('fs').readFileSync(0,'utf8'));console.log($1)"; }
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
wait_file() { for _ in $(seq 1 200); do [ -s "$1" ] && return 0; sleep 0.05; done; echo "no $1"; exit 1; }

# Command prefixes pinning to core 0 (the gateway and its Redis) and core 1 (upstreams and load
# generators); taskset execs its command, so $! stays the process to signal.
core0=() core1=()
if [ "$(nproc)" -ge 2 ] && command -v taskset > /dev/null; then core0=(taskset -c 0) core1=(taskset -c 1); fi

# nginx_conf <dir> <http block body>: one worker, temp paths and the pid in <dir>.
nginx_conf() {
  cat > "$1/nginx.conf" << NGINX
worker_processes 1;
pid $1/nginx.pid;
error_log $1/error.log warn;
events { worker_connections 8192; }
http {
  client_body_temp_path $1; proxy_temp_path $1; fastcgi_temp_path $1; uwsgi_temp_path $1;
  scgi_temp_path $1;
  keepalive_requests 1000000;
$2
}
NGINX
}

# start_redis <dir>: a Redis of the benchmark's own, pinned to core 0, on port $redis_port.
start_redis() {
  redis_port=$(free_port)
  mkdir -p "$1"
  "${core0[@]}" redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$1" --save "" \
    --appendonly no > "$1/redis.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do redis-cli -p "$redis_port" ping > /dev/null 2>&1 && break; sleep 0.05; done
}
