-- wrk script: replays raw HTTP requests that bench.py signed in advance.
--
-- Invoked as: wrk ... -s replay.lua URL -- DATA_FILE THREAD_COUNT
-- DATA_FILE holds records of the form "<byte length>\n<raw HTTP request>". Thread k keeps
-- records k, k+n, k+2n, ... so threads never send the same record: the write case needs every
-- CreateUser to carry a distinct user name. A thread that runs out of records starts over and
-- counts a wrap; done() prints the total so bench.py can reject a write run that repeated names.
-- A file with a single record is a read case: all threads replay that record (and wrap on every
-- request, which is intended).

local threads = {}
local next_tid = 0

-- Runs in wrk's main Lua state once per thread, just before that thread's init().
function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
  table.insert(threads, thread)
end

-- Runs in each thread's own Lua state; `tid` was set by setup().
function init(args)
  local path, thread_count = args[1], tonumber(args[2])
  local all = {}
  local file = assert(io.open(path, "rb"))
  while true do
    local length = file:read("*l")
    if not length then break end
    all[#all + 1] = file:read(tonumber(length))
  end
  file:close()
  if #all == 1 then
    records = all  -- a read case: every thread replays the one request
  else
    records = {}
    for index = tid + 1, #all, thread_count do
      records[#records + 1] = all[index]
    end
  end
  assert(#records > 0, "thread " .. tid .. " got no records from " .. path)
  position = 0
  wraps = 0
end

function request()
  position = position + 1
  if position > #records then
    position = 1
    wraps = wraps + 1
  end
  return records[position]
end

-- Runs in the main state after the run; thread:get reads each thread's globals.
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("wraps")
  end
  io.write(string.format("replay-wraps: %d\n", total))
end
