-- wrk script: an approximately fixed offered rate. wrk is closed-loop (each connection sends as
-- soon as its answer arrives), so at full speed its latencies measure queueing, not service.
-- Here each of CONNECTIONS connections waits a random time (mean CONNECTIONS/RATE seconds)
-- before each request, so together they offer about RATE requests/s, a little less by the
-- service time. Headers: env KEY as x-api-key.
local mean_ms

function init(args)
  mean_ms = 1000 * tonumber(os.getenv("CONNECTIONS")) / tonumber(os.getenv("RATE"))
  wrk.headers["x-api-key"] = os.getenv("KEY")
  math.randomseed(os.time())
end

function delay()
  -- Uniform on [0, 2 * mean]: the mean holds, and connections do not fall into lockstep.
  return math.floor(math.random() * 2 * mean_ms + 0.5)
end
