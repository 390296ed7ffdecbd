-- wrk script: every request a new Customer.io event, signed as it is sent.
--
-- X-CIO-Signature = hex(HMAC-SHA256(key, "v0:" .. timestamp .. ":" .. body)), computed through
-- LuaJIT's FFI with libcrypto's one-shot HMAC(), so that the C load generator signs at C speed.
-- The key comes from HOOKY_BENCH_KEY (default: the benchmarks' key). Each wrk thread numbers its
-- events with its own prefix (thread, wrk's process id, the time it started), so that no two
-- requests share an event_id, within a run or across runs against the same server (a warm-up run
-- and then a measured one): a repeated id is a duplicate, which Hooky acknowledges without storing.
--
--   wrk -t2 -c64 -d30s -s benchmarks/wrk/signed-events.lua http://127.0.0.1:8080/webhooks/customerio

local ffi = require("ffi")
ffi.cdef [[
  int getpid(void);
  typedef struct evp_md_st EVP_MD;
  const EVP_MD *EVP_sha256(void);
  unsigned char *HMAC(const EVP_MD *evp_md, const void *key, int key_len,
                      const unsigned char *d, size_t n, unsigned char *md,
                      unsigned int *md_len);
]]
local crypto = ffi.load("crypto")
local key = os.getenv("HOOKY_BENCH_KEY") or "hooky-benchmark-signing-key"
local digest = ffi.new("unsigned char[32]")
local digest_length = ffi.new("unsigned int[1]")
local sha256 = crypto.EVP_sha256()

local function hex_hmac(message)
  crypto.HMAC(sha256, key, #key, message, #message, digest, digest_length)
  local out = {}
  for i = 0, 31 do
    out[i + 1] = string.format("%02x", digest[i])
  end
  return table.concat(out)
end

local counter = 0
-- A global, not a local: thread:set() below sets each thread's globals, which a local of the same
-- name would hide (it did: every thread, and every run, numbered "wrk1", "wrk2", ...).
prefix = "wrk"
local types = {
  {"email", "delivered", "\"recipient\":\"test@example.com\",\"subject\":\"Hello\""},
  {"email", "opened", "\"recipient\":\"test@example.com\",\"subject\":\"Hello\""},
  {"sms", "delivered", "\"recipient\":\"+15555550100\""},
  {"push", "delivered", "\"recipients\":[{\"device_id\":\"abc\",\"device_platform\":\"ios\"}]"},
}

function setup(thread)
  counter = counter + 1
  thread:set("prefix", "wrk" .. counter .. "-" .. ffi.C.getpid() .. "-" .. os.time() .. "-")
end

function init(args)
  counter = 0
end

function request()
  counter = counter + 1
  local kind = types[(counter % #types) + 1]
  local timestamp = tostring(os.time())
  local body = "{\"event_id\":\"" .. prefix .. counter .. "\",\"object_type\":\"" .. kind[1]
      .. "\",\"metric\":\"" .. kind[2] .. "\",\"timestamp\":" .. timestamp .. ",\"data\":{"
      .. "\"customer_id\":\"42\",\"identifiers\":{\"id\":\"42\",\"email\":\"test@example.com\"},"
      .. "\"delivery_id\":\"RPILAgUBcRhIBqSfeiIwdIYJKxTY\",\"campaign_id\":23," .. kind[3] .. "}}"
  local headers = {
    ["Content-Type"] = "application/json",
    ["X-CIO-Timestamp"] = timestamp,
    ["X-CIO-Signature"] = hex_hmac("v0:" .. timestamp .. ":" .. body),
  }
  return wrk.format("POST", nil, headers, body)
end

function done(summary, latency, requests)
  io.write(string.format("non-2xx or errors: %d of %d; p50 %.2f ms, p99 %.2f ms\n",
      summary.errors.status + summary.errors.connect + summary.errors.read
          + summary.errors.write + summary.errors.timeout,
      summary.requests, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
