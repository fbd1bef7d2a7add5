-- wrk script: replays raw HTTP requests that bench.py signed in advance.
--
-- Invoked as: wrk ... -s replay.lua URL -- DATA_FILE THREAD_COUNT MODE
-- DATA_FILE holds records of the form "<byte length>\n<raw HTTP request>".
--
-- MODE "repeat" (read cases, one record): every thread sends that record over and over.
-- MODE "once" (write case): thread k takes records k, k+n, k+2n, ... so no record is sent
-- twice (each CreateUser carries its own user name), and a thread that has used up its share
-- stops. wrk keeps timing until -d elapses and divides by that, so done() prints how long the
-- threads actually sent requests ("replay-elapsed") for bench.py to compute the real rate.

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } replay_timespec;
int clock_gettime(int clock_id, replay_timespec *ts);
]]
local CLOCK_MONOTONIC = 1
local timespec = ffi.new("replay_timespec")

local function now()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, timespec)
  return tonumber(timespec.tv_sec) + tonumber(timespec.tv_nsec) * 1e-9
end

local threads = {}
local next_tid = 0

-- Runs in wrk's main Lua state once per thread, just before that thread's init().
function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
  table.insert(threads, thread)
end

local function read_records(path)
  local all = {}
  local file = assert(io.open(path, "rb"))
  while true do
    local length = file:read("*l")
    if not length then break end
    all[#all + 1] = file:read(tonumber(length))
  end
  file:close()
  return all
end

-- Runs in each thread's own Lua state; `tid` was set by setup().
function init(args)
  local path, thread_count = args[1], tonumber(args[2])
  once = args[3] == "once"
  local all = read_records(path)
  if once then
    records = {}
    for index = tid + 1, #all, thread_count do
      records[#records + 1] = all[index]
    end
  else
    records = all
  end
  assert(#records > 0, "thread " .. tid .. " got no records from " .. path)
  position = 0
  started_at, stopped_at = nil, nil
end

function request()
  started_at = started_at or now()
  position = position + 1
  if position > #records then
    if not once then
      position = 1
    else
      -- An empty request writes nothing; the thread's loop ends right after this callback.
      stopped_at = stopped_at or now()
      wrk.thread:stop()
      return ""
    end
  end
  return records[position]
end

-- Runs in the main state after all threads have ended; thread:get reads their globals.
function done(summary, latency, requests)
  local finished_at = now()
  local first, last, stopped = math.huge, 0, 0
  for _, thread in ipairs(threads) do
    local started, ended = thread:get("started_at"), thread:get("stopped_at")
    if started then first = math.min(first, started) end
    if ended then stopped = stopped + 1 end
    -- A thread that never ran out sent requests until wrk's deadline.
    last = math.max(last, ended or finished_at)
  end
  io.write(string.format("replay-elapsed: %.6f\n", last - first))
  io.write(string.format("replay-threads-exhausted: %d/%d\n", stopped, #threads))
end
