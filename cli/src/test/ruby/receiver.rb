# A receiver for Hooky's forwarding test, in plain Ruby: it verifies the Standard Webhooks
# signature with the standard library's OpenSSL (no gem), then answers. Like receiver.js, it
# prints {"listening": PORT} once, then one JSON line per request, to stdout.
# Environment: RECEIVER_SECRET (the whsec_ secret), RECEIVER_FAIL_FIRST.
require "base64"
require "json"
require "openssl"
require "socket"

# The whole scheme: HMAC-SHA256 over "id.timestamp.body", keyed with the base64 after whsec_.
def verify_standard_webhook(secret, headers, body, tolerance: 300)
  id, timestamp, signatures = headers.values_at("webhook-id", "webhook-timestamp", "webhook-signature")
  raise "missing webhook headers" unless id && timestamp && signatures
  raise "timestamp outside the tolerance" if (Time.now.to_i - Integer(timestamp, 10)).abs > tolerance
  key = Base64.strict_decode64(secret.delete_prefix("whsec_"))
  expected = Base64.strict_encode64(OpenSSL::HMAC.digest("SHA256", key, "#{id}.#{timestamp}.#{body}"))
  matched = signatures.split(" ").any? do |versioned|
    version, signature = versioned.split(",", 2)
    version == "v1" && OpenSSL.secure_compare(signature.to_s, expected)
  end
  raise "no matching signature" unless matched
  JSON.parse(body)
end

secret = ENV.fetch("RECEIVER_SECRET")
fail_first = Integer(ENV.fetch("RECEIVER_FAIL_FIRST", "0"))
lock = Mutex.new
server = TCPServer.new("127.0.0.1", 0)
$stdout.sync = true
puts JSON.generate(listening: server.addr[1])
Thread.new { $stdin.read; exit!(0) } # never outlive the test

loop do
  client = server.accept
  Thread.new(client) do |socket|
    request_line = socket.gets
    next socket.close unless request_line
    headers = {}
    while (line = socket.gets) && line != "\r\n"
      name, value = line.split(":", 2)
      headers[name.strip.downcase] = value.strip
    end
    body = socket.read(Integer(headers.fetch("content-length", "0"))).to_s.force_encoding(Encoding::UTF_8)
    record = { id: headers["webhook-id"], timestamp: headers["webhook-timestamp"] }
    begin
      event = verify_standard_webhook(secret, headers, body)
      record[:verified] = true
      record[:event] = "#{event['object_type']}_#{event['metric']}"
      record[:status] = lock.synchronize { (fail_first -= 1) >= 0 ? 500 : 204 }
    rescue StandardError => e
      record.merge!(verified: false, error: e.message, status: 401)
    end
    puts JSON.generate(record)
    socket.write("HTTP/1.1 #{record[:status]} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    socket.close
  end
end
